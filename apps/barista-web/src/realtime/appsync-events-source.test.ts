import { describe, expect, it } from "vitest";
import { createAppSyncEventsSource } from "./appsync-events-source.js";
import type { LiveEvent, LiveStatus } from "./realtime-source.js";

class FakeWebSocket {
  static last: FakeWebSocket | undefined;
  readonly sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeWebSocket.last = this;
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.closed = true;
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const config = {
  httpDomain: "abc.appsync-api.eu-west-1.amazonaws.com",
  realtimeDomain: "abc.appsync-realtime-api.eu-west-1.amazonaws.com",
  apiKey: "da2-key",
  channels: { orders: "/coffee/orders", shop: "/coffee/shop" },
};

describe("createAppSyncEventsSource", () => {
  it("authorizes, subscribes to the order and shop channels, and turns pings into events", () => {
    const events: LiveEvent[] = [];
    const statuses: LiveStatus[] = [];
    const source = createAppSyncEventsSource(config, {
      WebSocket: FakeWebSocket as unknown as typeof WebSocket,
    });
    const stop = source.connect(
      { orderId: "ord_A" },
      { onEvent: (e) => events.push(e), onStatus: (s) => statuses.push(s) },
    );
    const ws = FakeWebSocket.last as FakeWebSocket;
    expect(ws.url).toBe(`wss://${config.realtimeDomain}/event/realtime`);
    expect(ws.protocols[0]).toBe("aws-appsync-event-ws");
    const header = (ws.protocols[1] ?? "").replace(/^header-/, "");
    const decoded = JSON.parse(atob(header.replace(/-/g, "+").replace(/_/g, "/")));
    expect(decoded).toEqual({ host: config.httpDomain, "x-api-key": "da2-key" });

    ws.onopen?.();
    expect(ws.sent[0]).toEqual({ type: "connection_init" });
    ws.receive({ type: "connection_ack", connectionTimeoutMs: 300000 });
    expect(ws.sent.slice(1).map((m) => m.channel)).toEqual([
      "/coffee/orders/ord_A",
      "/coffee/shop",
    ]);
    ws.receive({ type: "subscribe_success", id: "sub-0" });
    expect(statuses).toEqual(["connecting"]);
    ws.receive({ type: "subscribe_success", id: "sub-1" });
    expect(statuses).toEqual(["connecting", "live"]);

    ws.receive({
      type: "data",
      id: "sub-0",
      event: JSON.stringify({ type: "Order.Ready", orderId: "ord_A", status: "READY" }),
    });
    ws.receive({ type: "data", id: "sub-1", event: "not json" });
    expect(events).toEqual([{ type: "Order.Ready", orderId: "ord_A", status: "READY" }]);
    stop();
    expect(ws.closed).toBe(true);
  });
});
