import { describe, expect, it } from "vitest";
import { formatDuration, prettyPayload } from "./format.js";

describe("formats", () => {
  it("times operations from milliseconds to hours", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(245_000)).toBe("4 min 05 s");
    expect(formatDuration(3_600_000 + 3 * 60_000)).toBe("1 h 03 min");
  });

  it("pretty-prints JSON payloads and leaves other text as it is", () => {
    expect(prettyPayload('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyPayload("not json")).toBe("not json");
  });
});
