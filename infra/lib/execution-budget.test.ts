import { DEFAULT_LIMITS, DEFAULT_TIMEOUTS } from "@coffee/shared";
import { describe, expect, it } from "vitest";
import { executionTimeoutSeconds, longestOrderPathSeconds } from "./execution-budget.js";

describe("execution budget", () => {
  it("sums every wait on the longest path, one accept+complete pass per unaccept", () => {
    // 5 min + 4 × (15 + 15) min + 10 min
    expect(longestOrderPathSeconds(DEFAULT_TIMEOUTS, 3)).toBe((5 + 4 * 30 + 10) * 60);
    expect(longestOrderPathSeconds(DEFAULT_TIMEOUTS, 0)).toBe((5 + 30 + 10) * 60);
  });

  it("rounds the path plus slack up to whole hours", () => {
    // The shop's default unaccept cap (3) bounds the passes through the queue.
    expect(DEFAULT_LIMITS.maxUnaccepts).toBe(3);
    expect(executionTimeoutSeconds()).toBe(3 * 3600);
    expect(executionTimeoutSeconds(DEFAULT_TIMEOUTS, 5)).toBe(4 * 3600);
    const slow = { ...DEFAULT_TIMEOUTS, baristaAcceptSeconds: 3600, baristaCompleteSeconds: 3600 };
    // 5 min + 4 × 120 min + 10 min + 30 min slack = 525 min → 9 h
    expect(executionTimeoutSeconds(slow, 3)).toBe(9 * 3600);
  });
});
