import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { orderTerms, SEED_CONFIG } from "@coffee/shared";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OrderAdmission } from "./order-admission.js";
import { type OrderFacts, OrderSettlement } from "./order-settlement.js";
import { OrdersRepository } from "./orders-repository.js";
import { QrTokenRepository } from "./qr-token-repository.js";
import { customerKey, SHOP_KEYS, ShopRepository } from "./shop-repository.js";
import { startTestTables } from "./testing/local-tables.js";

const NOW = Date.parse("2026-01-01T09:00:00Z");
const at = (minute: number) => new Date(NOW + minute * 60_000).toISOString();
const LATTE = { beans: 1, milk: 1 };
let seq = 0;

describe("OrderSettlement (dynalite)", () => {
  let tables: Awaited<ReturnType<typeof startTestTables>>;
  let settlement: OrderSettlement;
  let admission: OrderAdmission;
  let orders: OrdersRepository;
  let shop: ShopRepository;

  beforeEach(async () => {
    tables = await startTestTables();
    settlement = new OrderSettlement(tables.db, tables.names);
    admission = new OrderAdmission(tables.db, tables.names);
    orders = new OrdersRepository(tables.db, tables.names.orders);
    shop = new ShopRepository(tables.db, tables.names.shop);
    await shop.seed();
    await shop.putStock({ beans: 10, milk: 10 });
  });
  afterEach(() => tables.close());

  /** An admitted order with a latte reserved, moved to `status` as the workflow would. */
  async function order(status: "AWAITING_ORDER" | "QUEUED" | "ACCEPTED", customerId = "c1") {
    const qr = new QrTokenRepository({ client: tables.db, tableName: tables.names.shop });
    const { token } = await qr.current(NOW, { rotationSeconds: 300, drinksPerToken: 100 });
    const orderId = `ord_${String(++seq).padStart(26, "0")}`;
    const admitted = await admission.admit({
      orderId,
      customerId,
      token,
      nowMs: NOW,
      maxOrdersPerCustomer: 5,
      terms: orderTerms(SEED_CONFIG),
    });
    if (!admitted.admitted) throw new Error(admitted.reason);
    await orders.transition(orderId, { from: ["PENDING"], to: "AWAITING_ORDER", now: at(1) });
    const reserved = await shop.reserveStock(orderId, LATTE);
    if (!reserved.ok) throw new Error("no stock");
    const path = ["QUEUED", "ACCEPTED"].slice(
      0,
      ["AWAITING_ORDER", "QUEUED", "ACCEPTED"].indexOf(status),
    );
    for (const to of path) {
      await orders.transition(orderId, {
        from: ["AWAITING_ORDER", "QUEUED"],
        to: to as "QUEUED",
        now: at(2),
        set: { orderNumber: reserved.orderNumber },
      });
    }
    const { createdAt } = admitted.order;
    const facts: OrderFacts = { orderId, customerId, createdAt, orderNumber: reserved.orderNumber };
    return facts;
  }
  const get = async (Key: { pk: string; sk: string }) =>
    (await tables.db.send(new GetCommand({ TableName: "shop", Key, ConsistentRead: true }))).Item;
  async function counts(customerId = "c1") {
    const stock = await get(SHOP_KEYS.stock);
    return {
      queued: (await get(SHOP_KEYS.config))?.queued,
      open: [...(((await get(customerKey(customerId)))?.open as Set<string>) ?? [])],
      units: stock?.units,
      // Orders holding stock: their entries in `numbers` (`stock-updates.ts`).
      held: Object.keys((stock?.numbers as Record<string, number>) ?? {}),
    };
  }

  it("frees the queue place and uses the stock when the drink is made, the customer's at pickup", async () => {
    const facts = await order("ACCEPTED");
    const ready = await settlement.markReady(facts, at(5));
    expect(ready).toEqual({ ...facts, status: "READY", updatedAt: at(5) });
    expect(await orders.get(facts.orderId)).toEqual(ready);
    expect(await counts()).toEqual({
      queued: 0,
      open: [facts.orderId],
      units: { beans: 9, milk: 9 },
      held: [],
    });
    const done = await settlement.complete(facts, at(15));
    expect(done.status).toBe("COMPLETED");
    expect(await counts()).toEqual({ queued: 0, open: [], units: { beans: 9, milk: 9 }, held: [] });
  });

  it("frees every place and puts the stock back when an order is cancelled, once", async () => {
    const facts = await order("QUEUED");
    const request = {
      from: ["QUEUED", "ACCEPTED"] as const,
      reason: "BARISTA_CANCELLED" as const,
      now: at(5),
      releaseStock: LATTE,
    };
    const cancelled = await settlement.close(facts, request);
    expect(cancelled).toMatchObject({ status: "CANCELLED", reason: "BARISTA_CANCELLED" });
    const after = await counts();
    expect(after).toEqual({ queued: 0, open: [], units: { beans: 10, milk: 10 }, held: [] });
    // The same settlement again (a retried step) answers the order and gives nothing back twice.
    expect(await settlement.close(facts, { ...request, now: at(6) })).toEqual(cancelled);
    expect(await counts()).toEqual(after);
  });

  it("refuses a move the order's status does not allow, changing nothing", async () => {
    const facts = await order("QUEUED");
    const before = await counts();
    await expect(settlement.markReady(facts, at(5))).rejects.toMatchObject({
      code: "TRANSITION_REJECTED",
    });
    await expect(
      settlement.close(facts, {
        from: ["QUEUED"],
        reason: "EXECUTION_STOPPED",
        now: at(5),
        ifUpdatedAt: at(0),
      }),
    ).rejects.toMatchObject({ code: "TRANSITION_REJECTED" });
    await expect(
      settlement.close(facts, { from: ["QUEUED", "READY"], reason: "WORKFLOW_FAILED", now: at(5) }),
    ).rejects.toMatchObject({ code: "TRANSITION_REJECTED" });
    expect(await counts()).toEqual(before);
  });

  it("closes a READY order without giving back a queue place it no longer holds", async () => {
    const facts = await order("ACCEPTED");
    await order("QUEUED", "c2");
    await settlement.markReady(facts, at(5));
    await settlement.close(facts, { from: ["READY"], reason: "WORKFLOW_FAILED", now: at(6) });
    expect((await counts()).queued).toBe(1);
  });

  it("answers ORDER_NOT_FOUND for an order that does not exist", async () => {
    const facts = await order("ACCEPTED");
    await expect(
      settlement.markReady({ ...facts, orderId: "ord_99999999999999999999999999" }, at(5)),
    ).rejects.toMatchObject({ code: "ORDER_NOT_FOUND" });
  });
});
