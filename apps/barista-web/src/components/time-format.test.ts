import { describe, expect, it } from "vitest";
import { formatAge, formatCountdown } from "./time-format.js";

describe("time formats", () => {
  it("ages tickets in seconds, minutes and hours", () => {
    expect(formatAge(42_900)).toBe("42 s");
    expect(formatAge(3 * 60_000 + 59_000)).toBe("3 min");
    expect(formatAge(65 * 60_000)).toBe("1 h 5 min");
    expect(formatAge(-5)).toBe("0 s");
  });

  it("counts down in m:ss, rounding up and never below zero", () => {
    expect(formatCountdown(245_001)).toBe("4:06");
    expect(formatCountdown(5_000)).toBe("0:05");
    expect(formatCountdown(-1)).toBe("0:00");
  });
});
