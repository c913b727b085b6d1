/** Identifier formats: order ids double as durable execution names. Browser-safe (Web Crypto). */
import { z } from "zod";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Lambda's execution-name pattern: 1 to 64 of letters, digits, `-` and `_`. */
export const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const orderIdSchema = z
  .string()
  .regex(/^ord_[0-9A-Z]{26}$/, "must look like ord_ followed by 26 base-32 characters");

export type OrderId = z.infer<typeof orderIdSchema>;

/**
 * A new order id: `ord_` + a ULID (48-bit time, 80 random bits), so ids sort by creation time
 * and are valid durable execution names.
 */
export function newOrderId(
  nowMs: number = Date.now(),
  random: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(10)),
): OrderId {
  let time = "";
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = "";
  let bits = 0;
  let value = 0;
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      rand += CROCKFORD[(value >> bits) & 31];
    }
  }
  return `ord_${time}${rand.slice(0, 16)}`;
}

/** The creation time encoded in an order id. */
export function orderIdTime(orderId: OrderId): number {
  let t = 0;
  for (const ch of orderId.slice(4, 14)) t = t * 32 + CROCKFORD.indexOf(ch);
  return t;
}
