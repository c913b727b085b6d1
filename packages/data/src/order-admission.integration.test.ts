import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { DEFAULT_LIMITS, orderTerms, SEED_CONFIG } from "@coffee/shared";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AdmissionRequest, OrderAdmission } from "./order-admission.js";
import { QrTokenRepository } from "./qr-token-repository.js";
import { customerKey, SHOP_KEYS, ShopRepository } from "./shop-repository.js";
import { startTestTables } from "./testing/local-tables.js";

const NOW = Date.parse("2026-01-01T09:00:00Z");
const TERMS = orderTerms(SEED_CONFIG);
let seq = 0;
const orderId = () => `ord_${String(++seq).padStart(26, "0")}`;

describe("OrderAdmission (dynalite)", () => {
  let tables: Awaited<ReturnType<typeof startTestTables>>;
  let admission: OrderAdmission;
  let shop: ShopRepository;
  let qr: QrTokenRepository;
  let token: string;

  beforeEach(async () => {
    tables = await startTestTables();
    admission = new OrderAdmission(tables.db, tables.names);
    shop = new ShopRepository(tables.db, tables.names.shop);
    qr = new QrTokenRepository({ client: tables.db, tableName: tables.names.shop });
    await shop.seed();
    token = (await qr.current(NOW, { rotationSeconds: 300, drinksPerToken: 100 })).token;
  });
  afterEach(() => tables.close());

  const request = (customerId: string, extra: Partial<AdmissionRequest> = {}) => ({
    orderId: orderId(),
    customerId,
    token,
    nowMs: NOW,
    maxOrdersPerCustomer: 1,
    terms: TERMS,
    ...extra,
  });
  const get = async (TableName: string, Key: Record<string, string>) =>
    (await tables.db.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;
  /** Everything admission counts: drinks used, queue places, the customer's places. */
  async function counts(customerId: string) {
    const config = await get(tables.names.shop, SHOP_KEYS.config);
    const customer = await get(tables.names.shop, customerKey(customerId));
    return {
      drinksUsed: (await qr.current(NOW, { rotationSeconds: 300, drinksPerToken: 100 })).used,
      queued: config?.queued,
      open: [...((customer?.open as Set<string> | undefined) ?? [])],
    };
  }
  const limits = (limits: Partial<typeof DEFAULT_LIMITS>) =>
    shop.putConfig({ ...SEED_CONFIG, limits: { ...DEFAULT_LIMITS, ...limits } });

  it("stores the order PENDING with its terms, and takes a drink, a queue and a customer place", async () => {
    const admitted = await admission.admit(request("c1"));
    expect(admitted).toMatchObject({ admitted: true, order: { status: "PENDING" } });
    if (!admitted.admitted) return;
    const item = await get(tables.names.orders, { orderId: admitted.order.orderId });
    expect(item).toEqual({ ...admitted.order, terms: TERMS });
    expect(await counts("c1")).toEqual({
      drinksUsed: 1,
      queued: 1,
      open: [admitted.order.orderId],
    });
  });

  it("with fromStoredConfig, admits under the config as stored; a changed one is CONFIG_CHANGED and takes nothing", async () => {
    // The stored config holds no maxUnaccepts (as one stored before it existed): the default.
    const { maxUnaccepts: _, ...oldLimits } = DEFAULT_LIMITS;
    await shop.putConfig({ ...SEED_CONFIG, limits: oldLimits });
    const held = { fromStoredConfig: true, maxOrdersPerCustomer: 1, terms: TERMS };
    expect(await admission.admit(request("c1", held))).toMatchObject({ admitted: true });

    const changed = { ...SEED_CONFIG, timeouts: { ...SEED_CONFIG.timeouts, pickupSeconds: 60 } };
    await shop.putConfig(changed);
    const before = await counts("c2");
    expect(await admission.admit(request("c2", held))).toEqual({
      admitted: false,
      reason: "CONFIG_CHANGED",
      config: changed,
    });
    expect(await counts("c2")).toEqual(before);
    // Without the flag the caller answers for its terms: admitted as before.
    expect(await admission.admit(request("c2"))).toMatchObject({ admitted: true });
    // Under the stored config's own terms and limit, admitted.
    const fresh = { ...held, terms: orderTerms(changed) };
    expect(await admission.admit(request("c3", fresh))).toMatchObject({ admitted: true });

    await limits({ maxOrdersPerCustomer: 2 });
    const refused = await admission.admit(request("c4", fresh));
    expect(refused).toMatchObject({ admitted: false, reason: "CONFIG_CHANGED" });
    if (refused.admitted || !refused.config) return;
    // A changed config is told before the shop being closed: under it, the answer may differ.
    await shop.setStoreOpen(false);
    expect(await admission.admit(request("c4", fresh))).toMatchObject({
      reason: "CONFIG_CHANGED",
      config: { storeOpen: false },
    });
    const now = { ...fresh, maxOrdersPerCustomer: 2, terms: orderTerms(refused.config) };
    expect(await admission.admit(request("c4", now))).toEqual({
      admitted: false,
      reason: "STORE_CLOSED",
    });
  });

  it("refuses, and changes nothing, when the shop is closed or the queue full", async () => {
    await shop.setStoreOpen(false);
    expect(await admission.admit(request("c1"))).toEqual({
      admitted: false,
      reason: "STORE_CLOSED",
    });
    await shop.setStoreOpen(true);
    await limits({ maxOrdersInQueue: 1 });
    expect(await admission.admit(request("c1"))).toMatchObject({ admitted: true });
    const full = request("c2");
    expect(await admission.admit(full)).toEqual({ admitted: false, reason: "QUEUE_FULL" });
    expect(await get(tables.names.orders, { orderId: full.orderId })).toBeUndefined();
    expect(await counts("c2")).toEqual({ drinksUsed: 1, queued: 1, open: [] });
  });

  it("refuses a customer at their limit, naming their open orders", async () => {
    const first = request("c1");
    await admission.admit(first);
    expect(await admission.admit(request("c1"))).toEqual({
      admitted: false,
      reason: "CUSTOMER_LIMIT",
      openOrderIds: [first.orderId],
    });
    expect(await admission.admit(request("c1", { maxOrdersPerCustomer: 2 }))).toMatchObject({
      admitted: true,
    });
    expect(await counts("c1")).toMatchObject({ drinksUsed: 2, queued: 2 });
  });

  it("tells a forged, an expired and a used-up token apart, spending nothing", async () => {
    const forged = `${token.slice(0, -3)}abc`;
    expect(await admission.admit(request("c1", { token: forged }))).toMatchObject({
      reason: "TOKEN_INVALID",
    });
    expect(await admission.admit(request("c1", { token: "not a token" }))).toMatchObject({
      reason: "TOKEN_INVALID",
    });
    expect(await admission.admit(request("c1", { nowMs: NOW + 3_600_000 }))).toMatchObject({
      reason: "TOKEN_EXPIRED",
    });
    const small = (await qr.current(NOW + 400_000, { rotationSeconds: 300, drinksPerToken: 1 }))
      .token;
    const at = NOW + 400_000;
    expect(await admission.admit(request("c2", { token: small, nowMs: at }))).toMatchObject({
      admitted: true,
    });
    expect(await admission.admit(request("c3", { token: small, nowMs: at }))).toMatchObject({
      reason: "TOKEN_EXHAUSTED",
    });
    expect(await counts("c1")).toEqual({ drinksUsed: 0, queued: 1, open: [] });
  });

  it("answers a taken order id with the stored order, before any other refusal", async () => {
    const first = request("c1");
    const admitted = await admission.admit(first);
    await shop.setStoreOpen(false);
    // A retry of the first start (its answer lost) finds its order, whatever else changed.
    const retry = await admission.admit({ ...request("c2"), orderId: first.orderId });
    expect(retry).toEqual({
      admitted: false,
      reason: "ORDER_EXISTS",
      existing: { order: admitted.admitted ? admitted.order : undefined, terms: TERMS },
    });
    expect(await counts("c2")).toEqual({ drinksUsed: 1, queued: 1, open: [] });
  });

  it("admits exactly the limit when twice as many customers arrive at once", async () => {
    await limits({ maxOrdersInQueue: 20 });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => admission.admit(request(`crowd-${i}`))),
    );
    expect(answers.filter((a) => a.admitted)).toHaveLength(20);
    expect(answers.filter((a) => !a.admitted && a.reason === "QUEUE_FULL")).toHaveLength(20);
    // Only the admitted ones spent a drink.
    expect(await counts("nobody")).toEqual({ drinksUsed: 20, queued: 20, open: [] });
  });

  it("gives one order to one customer's concurrent starts", async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => admission.admit(request("tapper"))),
    );
    const admitted = answers.flatMap((a) => (a.admitted ? [a.order.orderId] : []));
    expect(admitted).toHaveLength(1);
    for (const answer of answers.filter((a) => !a.admitted)) {
      expect(answer).toEqual({
        admitted: false,
        reason: "CUSTOMER_LIMIT",
        openOrderIds: admitted,
      });
    }
    expect(await counts("tapper")).toEqual({ drinksUsed: 1, queued: 1, open: admitted });
  });
});
