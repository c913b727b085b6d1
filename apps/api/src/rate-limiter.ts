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

/** The per-client limits of the public endpoints. */
export interface RateLimits {
  /** QR scans (`POST /orders`) per client address. */
  redeem: RateLimiter;
  /** Order starts per customer. */
  startOrder: RateLimiter;
  /** Staff sign-in attempts per client address; the redeem limiter's when left out. */
  login?: RateLimiter;
}

/**
 * What the API enforces unless told otherwise. A QR scan is a human action, and one address must
 * not be able to spend a code: its burst (3) is below the drinks of a code (10 by default), and
 * a code used up anyway is replaced at once (`GET /qr-code`). Sign-ins get a burst of 10.
 */
export function defaultRateLimits(): Required<RateLimits> {
  return {
    redeem: new RateLimiter({ capacity: 3, refillPerSecond: 1 / 20 }),
    startOrder: new RateLimiter({ capacity: 5, refillPerSecond: 1 / 12 }),
    login: new RateLimiter({ capacity: 10, refillPerSecond: 1 / 6 }),
  };
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
