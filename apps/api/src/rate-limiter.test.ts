import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.js";

/** The token buckets as they were: one per key ever seen, never dropped. */
function keepingEveryBucket(capacity: number, refillPerSecond: number, now: () => number) {
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  return (key: string): number => {
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, updatedAt: t };
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + ((t - bucket.updatedAt) / 1000) * refillPerSecond,
    );
    bucket.updatedAt = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond));
  };
}

/** A small deterministic generator, so a failure can be run again. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("RateLimiter", () => {
  it("answers every take as a limiter that keeps every bucket would", () => {
    for (const [capacity, refillPerSecond] of [
      [3, 1 / 20],
      [5, 1 / 12],
      [10, 1 / 6],
    ] as const) {
      let clock = 0;
      const limiter = new RateLimiter({ capacity, refillPerSecond, now: () => clock });
      const reference = keepingEveryBucket(capacity, refillPerSecond, () => clock);
      const next = random(capacity);
      let refused = 0;
      for (let i = 0; i < 20_000; i++) {
        // A few keys that come back often (drained), some about as often as a token comes back,
        // many that come once or twice.
        const kind = next();
        const key =
          kind < 0.3
            ? `busy-${Math.floor(next() * 5)}`
            : kind < 0.6
              ? `regular-${Math.floor(next() * 50)}`
              : `key-${Math.floor(next() * 3_000)}`;
        clock += Math.floor(next() * 400);
        const answer = limiter.take(key);
        expect(answer).toBe(reference(key));
        if (answer > 0) refused++;
      }
      // The busy keys were refused, with the seconds to wait: the limits still bite.
      expect(refused).toBeGreaterThan(100);
    }
  });

  it("keeps a bucket only for the keys used within a full refill", () => {
    let clock = 0;
    const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 1 / 20, now: () => clock });
    for (let i = 0; i < 1_000; i++) expect(limiter.take(`customer-${i}`)).toBe(0);
    expect(limiter.size).toBe(1_000);
    for (let i = 0; i < 3; i++) limiter.take("drained");
    expect(limiter.take("drained")).toBe(20);
    // One token takes 20 s to come back: the thousand are full again, the drained key is not.
    clock += 20_000;
    expect(limiter.take("latecomer")).toBe(0);
    expect(limiter.size).toBe(2);
    expect(limiter.take("drained")).toBe(0);
    expect(limiter.take("drained")).toBe(20);
    // A full refill of three tokens later, nothing is held but the key used now.
    clock += 60_000;
    expect(limiter.take("customer-0")).toBe(0);
    expect(limiter.size).toBe(1);
  });
});
