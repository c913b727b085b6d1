import { describe, expect, it, vi } from "vitest";
import type { LiveEvent, LiveStatus } from "./realtime-source.js";
import { createSseSource } from "./sse-source.js";

/** Just enough of EventSource to drive the source: named listeners, onerror, readyState. */
class FakeEventSource {
  static all: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onerror: (() => void) | null = null;
  readonly listeners = new Map<string, ((e: { data: string }) => void)[]>();
  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, listener: (e: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  dispatch(type: string, data = "") {
    for (const l of this.listeners.get(type) ?? []) l({ data });
  }
}

function connect(scope: { token?: string; orderId?: string } = {}) {
  FakeEventSource.all = [];
  const events: LiveEvent[] = [];
  const statuses: LiveStatus[] = [];
  const source = createSseSource({
    EventSource: FakeEventSource as unknown as typeof EventSource,
    maxBackoffMs: 2000,
  });
  const stop = source.connect(scope, {
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
  });
  return { events, statuses, stop };
}

const A = `ord_${"A".repeat(26)}`;
const B = `ord_${"B".repeat(26)}`;

const order = (orderId: string, status = "QUEUED") =>
  JSON.stringify({
    orderId,
    customerId: "cus_1",
    status,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
  });

describe("createSseSource", () => {
  it("passes the token as access_token, with credentials", () => {
    connect({ token: "a b" });
    expect(FakeEventSource.all[0]?.url).toBe("/api/events?access_token=a%20b");
    expect(FakeEventSource.all[0]?.init).toEqual({ withCredentials: true });
  });

  it("reports live on ready and delivers named events with the order", () => {
    const { events, statuses } = connect();
    const es = FakeEventSource.all[0] as FakeEventSource;
    es.dispatch("ready", "{}");
    es.dispatch("Order.Queued", order(A));
    es.dispatch("Shop.StoreStatusChanged", JSON.stringify({ storeOpen: false }));
    expect(statuses).toEqual(["connecting", "live"]);
    expect(events[0]).toMatchObject({ type: "Order.Queued", orderId: A, status: "QUEUED" });
    expect(events[0]?.order?.customerId).toBe("cus_1");
    expect(events[1]).toEqual({ type: "Shop.StoreStatusChanged" });
  });

  it("keeps only the watched order's events when scoped to one order", () => {
    const { events } = connect({ orderId: A });
    const es = FakeEventSource.all[0] as FakeEventSource;
    es.dispatch("Order.Queued", order(B));
    es.dispatch("Order.Ready", order(A, "READY"));
    // Not a full order, but it names one: filtered and passed on as a ping.
    es.dispatch("Order.Ready", JSON.stringify({ orderId: B, status: "READY" }));
    es.dispatch("Order.Ready", JSON.stringify({ orderId: A, status: "READY" }));
    expect(events.map((e) => [e.orderId, e.order !== undefined])).toEqual([
      [A, true],
      [A, false],
    ]);
  });

  it("opens a new stream with growing backoff when the browser gives up, and stops on demand", () => {
    vi.useFakeTimers();
    try {
      const { statuses, stop } = connect();
      const first = FakeEventSource.all[0] as FakeEventSource;
      // A blip (CONNECTING): the browser retries by itself; nothing new is opened.
      first.onerror?.();
      vi.advanceTimersByTime(5000);
      expect(FakeEventSource.all).toHaveLength(1);
      // CLOSED: opened again after 500 ms, then 1 s.
      first.readyState = 2;
      first.onerror?.();
      vi.advanceTimersByTime(499);
      expect(FakeEventSource.all).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(FakeEventSource.all).toHaveLength(2);
      const second = FakeEventSource.all[1] as FakeEventSource;
      second.readyState = 2;
      second.onerror?.();
      vi.advanceTimersByTime(999);
      expect(FakeEventSource.all).toHaveLength(2);
      vi.advanceTimersByTime(1);
      expect(FakeEventSource.all).toHaveLength(3);
      expect(statuses).toContain("down");
      stop();
      expect(FakeEventSource.all[2]?.closed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
