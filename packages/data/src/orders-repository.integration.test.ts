import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { SEED_MENU } from "@coffee/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "./data-error.js";
import { OrdersRepository } from "./orders-repository.js";
import { ShopRepository } from "./shop-repository.js";
import { startTestTables } from "./testing/local-tables.js";

const T0 = "2026-01-01T10:00:00.000Z";
let seq = 0;
/** Valid, distinct order ids (ord_ + 26 base-32 characters), increasing. */
function orderId(): string {
  seq++;
  return `ord_${String(seq).padStart(26, "0")}`;
}
function at(minute: number): string {
  return new Date(Date.parse(T0) + minute * 60_000).toISOString();
}

describe("OrdersRepository (dynalite)", () => {
  let tables: Awaited<ReturnType<typeof startTestTables>>;
  let orders: OrdersRepository;
  beforeAll(async () => {
    tables = await startTestTables();
    orders = new OrdersRepository(tables.db, tables.names.orders, tables.names.shop);
  });
  afterAll(() => tables.close());
  /** A PENDING order as admission stores it (`order-admission.integration.test.ts`). */
  async function create(input: { orderId: string; customerId: string; now: string }) {
    const { orderId: id, customerId, now } = input;
    const item = { orderId: id, customerId, status: "PENDING", createdAt: now, updatedAt: now };
    await tables.db.send(new PutCommand({ TableName: tables.names.orders, Item: item }));
    return item;
  }

  it("applies a transition only from the allowed statuses, with fields and the callback in one write", async () => {
    const id = orderId();
    await create({ orderId: id, customerId: "c1", now: T0 });
    const waiting = await orders.transition(id, {
      from: ["PENDING"],
      to: "AWAITING_ORDER",
      now: at(1),
      pendingCallback: { name: "customer-order", callbackId: "secret-1" },
    });
    expect(waiting).toMatchObject({ status: "AWAITING_ORDER", updatedAt: at(1) });
    // The public order never carries the callback id; the record does.
    expect(JSON.stringify(waiting)).not.toContain("secret-1");
    expect((await orders.getRecord(id))?.pendingCallback).toEqual({
      name: "customer-order",
      callbackId: "secret-1",
    });

    const error = await orders
      .transition(id, { from: ["ACCEPTED"], to: "READY", now: at(2) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ code: "TRANSITION_REJECTED" });
    expect((error as Error).message).toContain("AWAITING_ORDER");

    const queued = await orders.transition(id, {
      from: ["AWAITING_ORDER"],
      to: "QUEUED",
      now: at(3),
      set: { drink: "latte", drinkName: "Latte", modifiers: { size: "large" }, orderNumber: 7 },
      pendingCallback: null,
    });
    expect(queued).toMatchObject({ status: "QUEUED", drink: "latte", orderNumber: 7 });
    expect((await orders.getRecord(id))?.pendingCallback).toBeUndefined();

    // Repeating a transition that already happened (a retried step) is harmless.
    expect(
      await orders.transition(id, { from: ["AWAITING_ORDER"], to: "QUEUED", now: at(3) }),
    ).toMatchObject({ status: "QUEUED", orderNumber: 7 });

    const accepted = await orders.transition(id, {
      from: ["QUEUED"],
      to: "ACCEPTED",
      now: at(4),
      set: { baristaId: "barista" },
    });
    expect(accepted.baristaId).toBe("barista");
    const back = await orders.transition(id, {
      from: ["ACCEPTED"],
      to: "QUEUED",
      now: at(5),
      remove: ["baristaId"],
    });
    expect(back.baristaId).toBeUndefined();
  });

  it("lets exactly one of two racing transitions win", async () => {
    const id = orderId();
    await create({ orderId: id, customerId: "c1", now: T0 });
    await orders.transition(id, { from: ["PENDING"], to: "AWAITING_ORDER", now: T0 });
    const results = await Promise.allSettled([
      orders.transition(id, { from: ["AWAITING_ORDER"], to: "QUEUED", now: at(1) }),
      orders.transition(id, {
        from: ["AWAITING_ORDER"],
        to: "CANCELLED",
        now: at(1),
        set: { reason: "CUSTOMER_CANCELLED" },
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({
      code: "TRANSITION_REJECTED",
    });
  });

  it("with ifUpdatedAt, applies only to the order as it was read: a close made first wins", async () => {
    const id = orderId();
    await create({ orderId: id, customerId: "c1", now: T0 });
    const seen = await orders.transition(id, { from: ["PENDING"], to: "QUEUED", now: at(1) });
    // Someone else closes it after it was read (same target status, another reason).
    await orders.transition(id, {
      from: ["QUEUED"],
      to: "CANCELLED",
      now: at(2),
      set: { reason: "CUSTOMER_CANCELLED" },
    });
    const late = {
      from: ["QUEUED"] as const,
      to: "CANCELLED" as const,
      now: at(3),
      set: { reason: "EXECUTION_STOPPED" as const },
      ifUpdatedAt: seen.updatedAt,
    };
    await expect(orders.transition(id, late)).rejects.toMatchObject({
      code: "TRANSITION_REJECTED",
    });
    expect(await orders.get(id)).toMatchObject({ reason: "CUSTOMER_CANCELLED", updatedAt: at(2) });

    // Unchanged since it was read: it applies.
    const other = orderId();
    await create({ orderId: other, customerId: "c1", now: T0 });
    const read = await orders.transition(other, { from: ["PENDING"], to: "QUEUED", now: at(1) });
    const closed = await orders.transition(other, { ...late, ifUpdatedAt: read.updatedAt });
    expect(closed).toMatchObject({ status: "CANCELLED", reason: "EXECUTION_STOPPED" });
  });

  it("records the execution ARN privately: in the record, never in the order", async () => {
    const id = orderId();
    const arn = `arn:aws:lambda:us-east-1:123456789012:function:orders-workflow:3/durable-execution/${id}/x1`;
    await create({ orderId: id, customerId: "c1", now: T0 });
    expect((await orders.getRecord(id))?.executionArn).toBeUndefined();
    const order = await orders.transition(id, {
      from: ["PENDING"],
      to: "AWAITING_ORDER",
      now: at(1),
      executionArn: arn,
    });
    expect(order).not.toHaveProperty("executionArn");
    const record = await orders.getRecord(id);
    expect(record?.executionArn).toBe(arn);
    expect(record?.order).not.toHaveProperty("executionArn");
    // Later transitions keep it.
    await orders.transition(id, { from: ["AWAITING_ORDER"], to: "QUEUED", now: at(2) });
    expect((await orders.getRecord(id))?.executionArn).toBe(arn);
  });

  it("rejects a transition of an unknown order", async () => {
    await expect(
      orders.transition(orderId(), { from: ["PENDING"], to: "AWAITING_ORDER", now: T0 }),
    ).rejects.toMatchObject({ code: "ORDER_NOT_FOUND" });
  });

  it("clears the pending callback only while it is the given one", async () => {
    const id = orderId();
    await create({ orderId: id, customerId: "c1", now: T0 });
    await orders.transition(id, {
      from: ["PENDING"],
      to: "AWAITING_ORDER",
      now: T0,
      pendingCallback: { name: "customer-order", callbackId: "cb-2" },
    });
    expect(await orders.clearPendingCallback(id, "other")).toBe(false);
    expect(await orders.clearPendingCallback(id, "cb-2")).toBe(true);
    expect((await orders.getRecord(id))?.pendingCallback).toBeUndefined();
  });

  it("reads an order and the menu in one request: the seed menu until one is stored", async () => {
    const id = orderId();
    await create({ orderId: id, customerId: "c1", now: T0 });
    await orders.transition(id, {
      from: ["PENDING"],
      to: "AWAITING_ORDER",
      now: at(1),
      pendingCallback: { name: "customer-order", callbackId: "cb-1" },
    });
    const seeded = await orders.getRecordWithMenu(id);
    expect(seeded).toEqual({ record: await orders.getRecord(id), menu: SEED_MENU });
    expect(seeded.record?.pendingCallback).toEqual({ name: "customer-order", callbackId: "cb-1" });

    const menu = SEED_MENU.map((drink, i) => (i === 0 ? { ...drink, available: false } : drink));
    await new ShopRepository(tables.db, tables.names.shop).putMenu(menu);
    expect((await orders.getRecordWithMenu(id)).menu).toEqual(menu);
    expect(await orders.getRecordWithMenu(orderId())).toEqual({ record: undefined, menu });
  });

  it("lists by status oldest first and by customer newest first", async () => {
    const customer = "list-customer";
    const ids = [orderId(), orderId(), orderId()];
    for (const [i, id] of ids.entries()) {
      await create({ orderId: id, customerId: customer, now: at(100 + i) });
      await orders.transition(id, { from: ["PENDING"], to: "ACCEPTED", now: at(100 + i) });
    }
    const accepted = await orders.listByStatus("ACCEPTED");
    expect(accepted.map((o) => o.orderId)).toEqual(ids);
    expect((await orders.listByStatus("ACCEPTED", { limit: 2 })).length).toBe(2);
    const mine = await orders.listByCustomer(customer);
    expect(mine.map((o) => o.orderId)).toEqual([...ids].reverse());
  });
});
