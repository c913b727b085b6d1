import { SEED_CONFIG, SEED_MENU, SEED_STOCK } from "@coffee/shared";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShopRepository } from "./shop-repository.js";
import { startTestTables } from "./testing/local-tables.js";

describe("ShopRepository (dynalite)", () => {
  let tables: Awaited<ReturnType<typeof startTestTables>>;
  let shop: ShopRepository;
  beforeEach(async () => {
    tables = await startTestTables();
    shop = new ShopRepository(tables.db, tables.names.shop);
  });
  afterEach(() => tables.close());

  it("answers the seed config and menu before anything is stored, and seeds only once", async () => {
    expect(await shop.getConfig()).toEqual(SEED_CONFIG);
    expect(await shop.getMenu()).toEqual(SEED_MENU);
    expect(await shop.getStock()).toEqual({});

    expect(await shop.seed()).toEqual(["config", "menu", "stock"]);
    expect(await shop.getStock()).toEqual(SEED_STOCK);
    await shop.setStoreOpen(false);
    expect(await shop.seed()).toEqual([]);
    expect((await shop.getConfig()).storeOpen).toBe(false);
  });

  it("rejects an invalid config or menu", async () => {
    await expect(
      shop.putConfig({ ...SEED_CONFIG, limits: { ...SEED_CONFIG.limits, maxOrdersInQueue: 0 } }),
    ).rejects.toThrow();
    await expect(shop.putMenu([SEED_MENU[0]!, SEED_MENU[0]!])).rejects.toThrow(/duplicate/);
  });

  it("reserves all ingredients or none, idempotently, and releases or commits once", async () => {
    await shop.putStock({ beans: 2, milk: 1 });
    expect(await shop.reserveStock("o1", { beans: 1, milk: 1 })).toEqual({ ok: true });
    // The same reservation again (a retried step) takes nothing more.
    expect(await shop.reserveStock("o1", { beans: 1, milk: 1 })).toEqual({ ok: true });
    expect(await shop.getStock()).toEqual({ beans: 1, milk: 0 });

    // Not enough milk: nothing is taken, and the answer names what is missing.
    expect(await shop.reserveStock("o2", { beans: 1, milk: 1 })).toEqual({
      ok: false,
      missing: ["milk"],
    });
    expect(await shop.reserveStock("o3", { cocoa: 1 })).toEqual({ ok: false, missing: ["cocoa"] });
    expect(await shop.getStock()).toEqual({ beans: 1, milk: 0 });

    expect(await shop.releaseStock("o1", { beans: 1, milk: 1 })).toBe(true);
    expect(await shop.releaseStock("o1", { beans: 1, milk: 1 })).toBe(false);
    expect(await shop.getStock()).toEqual({ beans: 2, milk: 1 });

    expect(await shop.reserveStock("o4", { beans: 2 })).toEqual({ ok: true });
    expect(await shop.commitStock("o4")).toBe(true);
    // A committed reservation is used up: releasing it gives nothing back.
    expect(await shop.releaseStock("o4", { beans: 2 })).toBe(false);
    expect(await shop.getStock()).toEqual({ beans: 0, milk: 1 });
  });

  it("restocks only the ingredients named, keeping what reservations took meanwhile", async () => {
    await shop.putStock({ beans: 10, milk: 10, cocoa: 3 });
    // A drink reserved while the admin's form was open: its units stay out of stock.
    expect(await shop.reserveStock("o1", { beans: 1, milk: 1 })).toEqual({ ok: true });
    expect(await shop.setStockLevels({ milk: 50, oats: 4 })).toEqual({
      beans: 9,
      milk: 50,
      cocoa: 3,
      oats: 4,
    });
    expect(await shop.getStock()).toEqual({ beans: 9, milk: 50, cocoa: 3, oats: 4 });
    await expect(shop.setStockLevels({ milk: -1 })).rejects.toThrow();
    expect(await shop.setStockLevels({})).toEqual({ beans: 9, milk: 50, cocoa: 3, oats: 4 });
  });

  it("restocks a shop that has no stock stored yet", async () => {
    expect(await shop.setStockLevels({ beans: 5 })).toEqual({ beans: 5 });
    expect(await shop.getStock()).toEqual({ beans: 5 });
  });

  it("never goes below zero under concurrent reservations", async () => {
    await shop.putStock({ beans: 7, milk: 100 });
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => shop.reserveStock(`r${i}`, { beans: 1, milk: 1 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(7);
    expect(await shop.getStock()).toEqual({ beans: 0, milk: 93 });
  });

  it("gives an order the same number on every repeat, and numbers without gaps", async () => {
    const orders = Array.from({ length: 30 }, (_, i) => `ord-${i}`);
    // Every order claims twice, concurrently with all the others: a step that ran again.
    const claims = await Promise.all(
      [...orders, ...orders].map((orderId) => shop.claimOrderNumber(orderId)),
    );
    const first = claims.slice(0, 30);
    expect(claims.slice(30)).toEqual(first);
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    await Promise.all(orders.map((orderId) => shop.settleOrderNumber(orderId)));
    await shop.settleOrderNumber("ord-0"); // idempotent
    expect(await shop.claimOrderNumber("ord-next")).toBe(31);
  });

  it("hands out order numbers that are unique and gap-free under concurrency", async () => {
    const numbers = await Promise.all(Array.from({ length: 40 }, () => shop.nextOrderNumber()));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
