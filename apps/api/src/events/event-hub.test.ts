import { describe, expect, it } from "vitest";
import { canSee, EventHub } from "./event-hub.js";

describe("EventHub", () => {
  it("replays what came after Last-Event-ID, bounded by the ring", () => {
    const hub = new EventHub({ capacity: 3, boot: "b1" });
    const ids = [1, 2, 3, 4, 5].map((n) => hub.publish({ type: "T", data: n }).id);
    expect(ids[0]).toBe("b1-1");
    expect(hub.since(ids[3]).map((e) => e.data)).toEqual([5]);
    // Too old for the ring: what is left.
    expect(hub.since(ids[0]).map((e) => e.data)).toEqual([3, 4, 5]);
    // From before a restart: the whole ring.
    expect(hub.since("b0-4").map((e) => e.data)).toEqual([3, 4, 5]);
    expect(hub.since(undefined)).toEqual([]);
  });

  it("delivers to subscribers until they unsubscribe", () => {
    const hub = new EventHub();
    const seen: unknown[] = [];
    const unsubscribe = hub.subscribe((e) => seen.push(e.data));
    hub.publish({ type: "T", data: 1 });
    unsubscribe();
    hub.publish({ type: "T", data: 2 });
    expect(seen).toEqual([1]);
    expect(hub.listenerCount).toBe(0);
  });

  it("shows customers their own orders, staff everything, everyone shop events", () => {
    const order = { id: "x-1", type: "Order.Queued", data: {}, customerId: "cus_a" };
    const shop = { id: "x-2", type: "Shop.StoreStatusChanged", data: {} };
    expect(canSee({ id: "cus_a", role: "customer" }, order)).toBe(true);
    expect(canSee({ id: "cus_b", role: "customer" }, order)).toBe(false);
    expect(canSee({ id: "barista", role: "barista" }, order)).toBe(true);
    expect(canSee(undefined, order)).toBe(false);
    expect(canSee(undefined, shop)).toBe(true);
  });
});
