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
  /**
   * The buckets that are not full, least recently used first. A full bucket is what a key
   * without one gets, so a bucket is dropped once it has refilled: the map holds the keys used
   * in the last `capacity / refillPerSecond` seconds, not every key ever seen.
   */
  readonly #buckets = new Map<string, Bucket>();
  readonly #options: Required<RateLimitOptions>;

  constructor(options: RateLimitOptions) {
    this.#options = { now: Date.now, maxKeys: 10_000, ...options };
  }

  /** How many keys have a bucket that is not full (after the last `take`). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token for `key`: 0 if allowed, else the seconds to wait before retrying. */
  take(key: string): number {
    const { capacity, refillPerSecond, now, maxKeys } = this.#options;
    const t = now();
    this.#dropFull(t);
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, updatedAt: t };
    bucket.tokens = this.#tokensAt(bucket, t);
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

  #tokensAt(bucket: Bucket, t: number): number {
    const { capacity, refillPerSecond } = this.#options;
    return Math.min(capacity, bucket.tokens + ((t - bucket.updatedAt) / 1000) * refillPerSecond);
  }

  /**
   * Drops the least recently used buckets while they are full again. It stops at the first that
   * is not: that one was used less than a full refill ago, and so was every bucket after it.
   */
  #dropFull(t: number): void {
    const { capacity } = this.#options;
    for (const [key, bucket] of this.#buckets) {
      if (this.#tokensAt(bucket, t) < capacity) return;
      this.#buckets.delete(key);
    }
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
