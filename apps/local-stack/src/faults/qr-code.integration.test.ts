import { call } from "@coffee/shop-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Counter, openCounter } from "../testing/shop-counter.js";

// The QR code at the counter as `pnpm start` serves it (default rate limits, real stack in a
// child process), scanned by many HTTP clients at once, each from the loopback address it names.

let counter: Counter | undefined;
let base: string;
let admin: string;
const qrCode = () => counter!.qrCode();

const scan = (token: string, from: string) =>
  call(base, "POST", "/orders", { body: { token }, from });

beforeAll(async () => {
  counter = await openCounter("qr", { startTimeoutMs: 20_000 });
  ({ base, admin } = counter);
});

afterAll(() => counter?.close());

describe("the QR code at the counter", () => {
  it("one address scanning it 12 times at once spends 3 drinks; the next customer orders", async () => {
    const { token, remaining } = await qrCode();
    expect(remaining).toBe(10);
    const replies = await Promise.all(Array.from({ length: 12 }, () => scan(token, "127.0.0.9")));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
    const next = await scan(token, "127.0.0.10");
    expect(next.status).toBe(202);
    expect((await qrCode()).remaining).toBe(6);
  });

  it("a used-up code is replaced at once, and a late scan of it is told so", async () => {
    const configured = await call(base, "PUT", "/admin/config", {
      token: admin,
      body: { limits: { drinksPerToken: 2 } },
    });
    expect(configured.status).toBe(200);
    // The current code keeps the drinks it was issued with: customers spend what is left of it.
    const code = await qrCode();
    const spending = await Promise.all(
      Array.from({ length: code.remaining }, (_, i) => scan(code.token, `127.0.1.${i + 1}`)),
    );
    expect(spending.every((r) => r.status === 202)).toBe(true);
    // The display asks again: a fresh code, with the drinks per code now configured.
    const fresh = await qrCode();
    expect(fresh.token).not.toBe(code.token);
    expect(fresh.remaining).toBe(2);
    const spent = code.token;
    const late = await scan(spent, "127.0.2.1");
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("TOKEN_EXHAUSTED");
    const both = await Promise.all([
      scan(fresh.token, "127.0.2.2"),
      scan(fresh.token, "127.0.2.3"),
    ]);
    expect(both.map((r) => r.status)).toEqual([202, 202]);
    const third = await qrCode();
    expect(third.token).not.toBe(fresh.token);
    expect(third.remaining).toBe(2);
  });
});
