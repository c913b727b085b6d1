import { describe, expect, it } from "vitest";
import { readSse } from "../testing/sse-reader.js";
import { createTestApp } from "../testing/test-app.js";

describe("GET /api/events", () => {
  it("streams events by role, resumes from Last-Event-ID and unsubscribes on abort", async () => {
    const t = await createTestApp({ heartbeatMs: 20 });
    const session = async (username: string) => {
      const res = await t.app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: `${username}-pw` }),
      });
      return ((await res.json()) as { token: string }).token;
    };
    const customer = await t.deps.sessions.sign({ id: "cus_a", role: "customer" });
    const barista = await session("barista");
    const first = t.hub.publish({
      type: "Order.Queued",
      data: { orderId: "o0" },
      customerId: "cus_a",
    });

    const open = (token: string | undefined, headers: Record<string, string> = {}) => {
      const controller = new AbortController();
      const response = t.app.request("/api/events", {
        // Spread: an undefined header value would be sent as the text "undefined".
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        signal: controller.signal,
      });
      return { controller, response };
    };
    const asCustomer = open(customer, { "last-event-id": "test-0" });
    const asBarista = open(barista);
    const anonymous = open(undefined);
    const streams = await Promise.all(
      [asCustomer, asBarista, anonymous].map(async (s) => readSse(await s.response)),
    );
    for (const s of streams) expect((await s.next()).event).toBe("ready");
    expect(t.hub.listenerCount).toBe(3);

    t.hub.publish({ type: "Order.Queued", data: { orderId: "o1" }, customerId: "cus_b" });
    t.hub.publish({ type: "Shop.StoreStatusChanged", data: { storeOpen: false } });
    const [c, b, a] = streams as [(typeof streams)[0], (typeof streams)[0], (typeof streams)[0]];
    // The customer first gets the replay of its own earlier event, then the shop event only.
    expect(await c.next()).toMatchObject({ id: first.id, event: "Order.Queued" });
    expect(await c.next()).toMatchObject({ event: "Shop.StoreStatusChanged" });
    expect((await b.next()).data).toEqual({ orderId: "o1" });
    expect((await b.next()).event).toBe("Shop.StoreStatusChanged");
    expect((await a.next()).event).toBe("Shop.StoreStatusChanged");
    // Heartbeats keep idle connections alive.
    expect(await a.nextComment()).toBe("heartbeat");

    for (const s of [asCustomer, asBarista, anonymous]) s.controller.abort();
    for (const s of streams) await s.cancel();
    await expect.poll(() => t.hub.listenerCount).toBe(0);
  });
});
