import { call, type Reply } from "@coffee/shop-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Counter, openCounter } from "../testing/shop-counter.js";

// Admission as `pnpm start` serves it (real stack in a child process, dynalite in its own):
// many customers at once, each from the loopback address it names, against the shop's limits.
// The counts must be exact on every run, whatever the timing.

let counter: Counter | undefined;
let base: string;
let admin: string;
const qrCode = () => counter!.qrCode();

const configure = async (limits: Record<string, number>) => {
  const reply = await call(base, "PUT", "/admin/config", { token: admin, body: { limits } });
  expect(reply.status).toBe(200);
};

const codes = (replies: Reply[]) =>
  replies.map((r) => (r.status === 202 ? "admitted" : String(r.body?.error?.code))).sort();

beforeAll(async () => {
  counter = await openCounter("admission", { startTimeoutMs: 60_000 });
  ({ base, admin } = counter);
});

afterAll(() => counter?.close());

describe("admission under concurrency", () => {
  it("40 customers at once against a queue of 20: exactly 20 admitted, 20 drinks spent", async () => {
    await configure({ maxOrdersInQueue: 20, drinksPerToken: 100 });
    const { token, remaining } = await qrCode();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(base, "POST", "/orders", { body: { token }, from: `127.0.3.${i + 1}` }),
      ),
    );
    expect(codes(replies)).toEqual([
      ...Array<string>(20).fill("QUEUE_FULL"),
      ...Array<string>(20).fill("admitted"),
    ]);
    // Refused starts spent nothing: only the admitted ones used a drink of the code.
    expect((await qrCode()).remaining).toBe(remaining - 20);
  });

  it("a returning customer tapping order four times at once gets one order", async () => {
    await configure({ maxOrdersInQueue: 1000, maxOrdersPerCustomer: 1 });
    const { token } = await qrCode();
    const first = await call(base, "POST", "/orders", { body: { token }, from: "127.0.4.1" });
    expect(first.status).toBe(202);
    const session = first.body.customerToken as string;
    // The first order is still waiting for this customer's choice: every tap is answered with it.
    // (Four: a customer may start five times in a burst before the rate limit answers 429.)
    const taps = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        call(base, "POST", "/orders", {
          body: { token },
          token: session,
          from: `127.0.4.${i + 2}`,
        }),
      ),
    );
    expect(taps.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(taps.map((r) => r.body.orderId))).toEqual(new Set([first.body.orderId]));
    const mine = await call(base, "GET", "/my-orders", { token: session });
    expect(mine.body.orders).toHaveLength(1);
  });

  it("customers scanning while the shop closes are refused and spend nothing", async () => {
    const { token, remaining } = await qrCode();
    const closed = await call(base, "PUT", "/admin/store", { token: admin, body: { open: false } });
    expect(closed.status).toBe(200);
    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        call(base, "POST", "/orders", { body: { token }, from: `127.0.5.${i + 1}` }),
      ),
    );
    expect(codes(replies)).toEqual(Array<string>(5).fill("STORE_CLOSED"));
    await call(base, "PUT", "/admin/store", { token: admin, body: { open: true } });
    expect((await qrCode()).remaining).toBe(remaining);
  });
});
