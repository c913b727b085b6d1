/** In-memory token buckets per key (client IP, customer id) for the public endpoints. */
import { ApiError } from "./api-error.js";

export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
  /** Milliseconds; a test clock can replace it. */
  now?: () => number;
  /** Buckets kept before the idle ones are dropped (bounds memory under a flood of keys). */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #options: Required<RateLimitOptions>;

  constructor(options: RateLimitOptions) {
    this.#options = { now: Date.now, maxKeys: 10_000, ...options };
  }

  /** Takes one token for `key`: 0 if allowed, else the seconds to wait before retrying. */
  take(key: string): number {
    const { capacity, refillPerSecond, now, maxKeys } = this.#options;
    const t = now();
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, updatedAt: t };
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + ((t - bucket.updatedAt) / 1000) * refillPerSecond,
    );
    bucket.updatedAt = t;
    // Re-insert so the Map's order is least-recently-used first.
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond));
  }
}

/** Takes a token or throws 429 `RATE_LIMITED` with the seconds to wait (`Retry-After`). */
export function enforceLimit(limiter: RateLimiter, key: string): void {
  const seconds = limiter.take(key);
  if (seconds > 0) {
    throw new ApiError("RATE_LIMITED", `too many requests; retry in ${seconds} s`, {
      details: { retryAfter: seconds },
    });
  }
}
