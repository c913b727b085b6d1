import { describe, expect, it } from "vitest";
import { formatDuration, formatMoment, formatSeconds, prettyPayload } from "./format.js";

describe("formats", () => {
  it("times operations from milliseconds to hours", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(245_000)).toBe("4 min 05 s");
    expect(formatDuration(3_600_000 + 3 * 60_000)).toBe("1 h 03 min");
  });

  it("says timeouts as set, and a moment with its date when it is not today", () => {
    expect([300, 900, 3600, 7200, 86_400, 5400, 3601].map(formatSeconds)).toEqual([
      "300 s",
      "900 s",
      "1 h",
      "2 h",
      "24 h",
      "1 h 30 min",
      "3601 s",
    ]);
    const now = Date.parse("2026-01-01T12:00:00");
    expect(formatMoment("2026-01-01T13:00:00", now)).toBe(
      new Date("2026-01-01T13:00:00").toLocaleTimeString(),
    );
    expect(formatMoment("2026-01-02T13:00:00", now)).toBe(
      new Date("2026-01-02T13:00:00").toLocaleString(),
    );
  });

  it("pretty-prints JSON payloads and leaves other text as it is", () => {
    expect(prettyPayload('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyPayload("not json")).toBe("not json");
  });
});
