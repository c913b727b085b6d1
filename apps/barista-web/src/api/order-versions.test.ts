import type { PublicOrder } from "@coffee/shared";
import { describe, expect, it } from "vitest";
import { laterOrder } from "./order-versions.js";

const at = (updatedAt: string, patch: Partial<PublicOrder> = {}): PublicOrder => ({
  orderId: "ord_1",
  customerId: "cus_1",
  status: "QUEUED",
  createdAt: "2026-01-01T08:00:00.000Z",
  updatedAt,
  ...patch,
});

describe("laterOrder", () => {
  it("keeps the later write, whichever arrives first", () => {
    const old = at("2026-01-01T08:00:00.000Z");
    const fresh = at("2026-01-01T08:00:01.000Z", { status: "ACCEPTED" });
    expect(laterOrder(old, fresh)).toBe(fresh);
    expect(laterOrder(fresh, old)).toBe(fresh);
    expect(laterOrder(undefined, old)).toBe(old);
  });

  it("keeps an action's pending answer over a re-read of the version it was made from", () => {
    const read = at("2026-01-01T08:00:00.000Z");
    const pending = at("2026-01-01T08:00:00.000Z", { status: "ACCEPTED", pending: true });
    expect(laterOrder(read, pending)).toBe(pending);
    expect(laterOrder(pending, read)).toBe(pending);
    // The workflow's write replaces it.
    const written = at("2026-01-01T08:00:02.000Z", { status: "ACCEPTED", baristaId: "b" });
    expect(laterOrder(pending, written)).toBe(written);
  });
});
