import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventPublisher } from "./event-publisher.js";
import { startPutEventsCapture } from "./testing/local-tables.js";

const order = {
  orderId: `ord_${"0".repeat(26)}`,
  customerId: "c1",
  status: "QUEUED" as const,
  createdAt: "2026-01-01T10:00:00.000Z",
  updatedAt: "2026-01-01T10:01:00.000Z",
};

describe("EventPublisher", () => {
  let capture: Awaited<ReturnType<typeof startPutEventsCapture>>;
  beforeEach(async () => {
    capture = await startPutEventsCapture();
  });
  afterEach(() => capture.close());

  it("puts order events on the bus with source coffee.orders and the order as detail", async () => {
    await new EventPublisher(capture.client, "coffee").publishOrderEvent("Order.Queued", order);
    expect(capture.entries).toHaveLength(1);
    const [entry] = capture.entries;
    expect(entry).toMatchObject({
      Source: "coffee.orders",
      DetailType: "Order.Queued",
      EventBusName: "coffee",
      Time: Date.parse(order.updatedAt) / 1000,
    });
    expect(JSON.parse(entry?.Detail ?? "")).toEqual(order);
  });

  it("puts shop events with source coffee.shop", async () => {
    await new EventPublisher(capture.client, "bus").publishShopEvent("Shop.StoreStatusChanged", {
      storeOpen: false,
    });
    expect(capture.entries[0]).toMatchObject({
      Source: "coffee.shop",
      DetailType: "Shop.StoreStatusChanged",
    });
  });

  it("throws PUBLISH_FAILED when the bus rejects the entry", async () => {
    capture.failNext(true);
    await expect(
      new EventPublisher(capture.client, "coffee").publishOrderEvent("Order.Queued", order),
    ).rejects.toMatchObject({ code: "PUBLISH_FAILED" });
  });
});
