import { describe, expect, it } from "vitest";
import { qrCodeStillValid, qrCodeValidUntil } from "./qr-code-validity.js";

describe("qrCodeValidUntil", () => {
  it("reads the end of the code's period plus a minute from the code", () => {
    // Period 5 of 300 s ends at 1,800 s; a minute's grace after it.
    expect(qrCodeValidUntil("300-5.abcdefghijklmnopqrstuv")).toBe(1_860_000);
    expect(qrCodeStillValid("300-5.abcdefghijklmnopqrstuv", 1_859_999)).toBe(true);
    expect(qrCodeStillValid("300-5.abcdefghijklmnopqrstuv", 1_860_000)).toBe(false);
  });

  it("leaves a code of another shape to the API", () => {
    expect(qrCodeValidUntil("qr-token-1")).toBeUndefined();
    expect(qrCodeStillValid("qr-token-1", Number.MAX_SAFE_INTEGER)).toBe(true);
  });
});
