/**
 * The customer's order on this phone, remembered per QR token so a reload shows the same order
 * instead of redeeming the token again.
 */
import { z } from "zod";

const schema = z.object({ orderId: z.string(), customerToken: z.string() });
export type CustomerSession = z.infer<typeof schema>;

const key = (qrToken: string) => `coffee.order.${qrToken}`;

export function loadCustomerSession(
  storage: Storage,
  qrToken: string,
): CustomerSession | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(storage.getItem(key(qrToken)) ?? "null"));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function saveCustomerSession(storage: Storage, qrToken: string, session: CustomerSession) {
  storage.setItem(key(qrToken), JSON.stringify(session));
}

/** Forgets the order (the shop no longer knows it, e.g. after a reset of the local stack). */
export function forgetCustomerSession(storage: Storage, qrToken: string) {
  storage.removeItem(key(qrToken));
}
