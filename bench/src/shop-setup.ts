/** A stack made ready for benchmark orders: staff signed in, limits and stock out of the way. */
import { STACK_PASSWORDS } from "@coffee/local-stack/testing";
import { call, type OrderWatch, type Shop, signIn } from "@coffee/shop-driver";
import { round } from "./stats.js";

/** Each customer on its own loopback address, as phones on a shop's Wi-Fi would be. */
export const customerAddress = (i: number) => `127.${1 + Math.floor(i / 250)}.0.${1 + (i % 250)}`;

export interface OpenShop {
  admin: string;
  barista: string;
  /**
   * The QR code the display shows: kept, and replaced by the display's next one when the API
   * refuses it (a code carries 1,000 drinks at most, and longer runs order more).
   */
  qr: (refused?: string) => Promise<string>;
  /** A seeded source for order ids, the same on every run. */
  random: () => number;
}

/**
 * Signs the staff in, lifts the queue and per-customer limits, sets a 1 s pickup window and
 * stocks up, so that every order a benchmark starts can complete.
 */
export async function openShop(base: string): Promise<OpenShop> {
  const login = (username: "admin" | "barista") =>
    signIn(base, username, STACK_PASSWORDS[username]);
  const admin = await login("admin");
  const barista = await login("barista");
  await call(base, "PUT", "/admin/config", {
    token: admin,
    body: {
      limits: {
        drinksPerToken: 1000,
        maxOrdersInQueue: 10_000,
        maxOrdersPerCustomer: 10,
        tokenRotationSeconds: 3600,
      },
      timeouts: { pickupSeconds: 1 },
    },
  });
  await call(base, "PUT", "/admin/menu", {
    token: admin,
    body: { stock: { beans: 1_000_000, milk: 1_000_000, cocoa: 1_000_000 } },
  });
  const shown = async () =>
    (await call(base, "GET", "/qr-code", { token: barista })).body.token as string;
  // One read of the display for all the starts a refusal sends back at once.
  let current = shown();
  const qr = async (refused?: string) => {
    const token = await current;
    if (refused === token) current = shown();
    return current;
  };
  let seed = 8;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return { admin, barista, qr, random };
}

/**
 * Requests the driver sent again (a 429 or 5xx, a reset connection), by reason, with the time
 * it waited before each: pass `onRetry` to the driver's shop.
 */
export function retryTally() {
  const retries = new Map<string, { count: number; waitMs: number }>();
  return {
    onRetry(reason: string, waitMs: number): void {
      const seen = retries.get(reason) ?? { count: 0, waitMs: 0 };
      retries.set(reason, { count: seen.count + 1, waitMs: seen.waitMs + waitMs });
    },
    clear(): void {
      retries.clear();
    },
    /** "429 RATE_LIMITED ×3 (waited 61.2 s), …", or "none". */
    text(): string {
      return (
        [...retries]
          .map(([reason, r]) => `${reason} ×${r.count} (waited ${round(r.waitMs / 1000, 1)} s)`)
          .join(", ") || "none"
      );
    },
  };
}

/**
 * The driver's options for a benchmark's orders: staff and QR token from `openShop`, woken by
 * `watch`, a read every 2 s at most, a minute for a start (a burst queues on the one QR token),
 * and 15 s before acting again on a status that has not moved.
 */
export function benchShop(
  base: string,
  open: OpenShop,
  watch: OrderWatch,
  options: Pick<Shop, "deadline" | "onRetry" | "onLatency">,
): Shop {
  return {
    base: () => base,
    barista: open.barista,
    qr: open.qr,
    pollMs: 2_000,
    watch,
    startTimeoutMs: 60_000,
    reactAfterMs: 15_000,
    ...options,
  };
}
