import { describe, expect, it } from "vitest";
import { EXECUTION_NAME_PATTERN, newOrderId, orderIdSchema, orderIdTime } from "./ids.js";

describe("newOrderId", () => {
  it("is a valid order id and a valid durable execution name", () => {
    const id = newOrderId();
    expect(orderIdSchema.parse(id)).toBe(id);
    expect(id).toMatch(EXECUTION_NAME_PATTERN);
  });

  it("encodes its creation time and sorts by it", () => {
    const a = newOrderId(1_700_000_000_000);
    const b = newOrderId(1_700_000_000_001);
    expect(orderIdTime(a)).toBe(1_700_000_000_000);
    expect(a < b).toBe(true);
  });

  it("is deterministic for a given time and randomness", () => {
    const random = new Uint8Array(10).fill(7);
    expect(newOrderId(5, random)).toBe(newOrderId(5, random));
    expect(newOrderId(5, random)).not.toBe(newOrderId(5, new Uint8Array(10).fill(8)));
  });

  it("rejects malformed ids", () => {
    expect(orderIdSchema.safeParse("ord_123").success).toBe(false);
    expect(orderIdSchema.safeParse("../etc/passwd").success).toBe(false);
  });
});
