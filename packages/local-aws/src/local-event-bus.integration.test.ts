import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { afterEach, describe, expect, it } from "vitest";
import { LOCAL_CLIENT_CONFIG } from "./local-dynamo.js";
import { type BusEntry, type LocalEventBus, startLocalEventBus } from "./local-event-bus.js";

describe("startLocalEventBus", () => {
  let bus: LocalEventBus | undefined;
  let client: EventBridgeClient | undefined;
  afterEach(async () => {
    client?.destroy();
    await bus?.close();
  });

  async function start(keep?: number) {
    bus = await startLocalEventBus(keep === undefined ? {} : { keep });
    client = new EventBridgeClient({ ...LOCAL_CLIENT_CONFIG, endpoint: bus.endpoint });
    return { bus, client };
  }

  it("accepts PutEvents from the unchanged SDK client and delivers entries to subscribers", async () => {
    const { bus, client } = await start();
    const seen: BusEntry[] = [];
    bus.subscribe((entry) => seen.push(entry));
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: "coffee.orders",
            DetailType: "Order.Queued",
            Detail: JSON.stringify({ orderId: "o1" }),
            EventBusName: "coffee",
            Time: new Date("2026-01-01T00:00:00Z"),
          },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries?.[0]?.EventId).toBeTruthy();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      id: out.Entries?.[0]?.EventId,
      source: "coffee.orders",
      detailType: "Order.Queued",
      detail: { orderId: "o1" },
      eventBusName: "coffee",
      time: "2026-01-01T00:00:00.000Z",
    });
    expect(bus.received()).toEqual(seen);
  });

  it("reports malformed entries per entry and delivers the valid ones", async () => {
    const { bus, client } = await start();
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: "coffee.shop", DetailType: "Shop.MenuChanged", Detail: "{}" },
          { Source: "coffee.shop", DetailType: "Shop.MenuChanged", Detail: "not json" },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries?.[1]).toMatchObject({ ErrorCode: "InvalidArgument" });
    expect(bus.received().map((e) => e.detailType)).toEqual(["Shop.MenuChanged"]);
  });

  it("stops delivering to a listener after it unsubscribes", async () => {
    const { bus, client } = await start();
    let count = 0;
    const unsubscribe = bus.subscribe(() => {
      count++;
    });
    const put = () =>
      client.send(
        new PutEventsCommand({
          Entries: [{ Source: "coffee.orders", DetailType: "Order.Created", Detail: "{}" }],
        }),
      );
    await put();
    unsubscribe();
    await put();
    expect(count).toBe(1);
    expect(bus.received()).toHaveLength(2);
  });

  it("keeps only the latest entries for received(), delivering every one", async () => {
    const { bus, client } = await start(3);
    let delivered = 0;
    bus.subscribe(() => {
      delivered++;
    });
    for (let i = 0; i < 10; i++) {
      await client.send(
        new PutEventsCommand({
          Entries: [{ Source: "coffee.orders", DetailType: "Order.Created", Detail: `{"n":${i}}` }],
        }),
      );
    }
    expect(delivered).toBe(10);
    expect(bus.received().map((e) => e.detail)).toEqual([{ n: 7 }, { n: 8 }, { n: 9 }]);
  });
});
