import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
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

  it("reserves all ingredients or none, numbers the order, and answers a repeat the same", async () => {
    await shop.seed();
    await shop.putStock({ beans: 2, milk: 1 });
    expect(await shop.reserveStock("o1", { beans: 1, milk: 1 })).toEqual({
      ok: true,
      orderNumber: 1,
    });
    // The same reservation again (a retried step) takes nothing more and keeps its number.
    expect(await shop.reserveStock("o1", { beans: 1, milk: 1 })).toEqual({
      ok: true,
      orderNumber: 1,
    });
    expect(await shop.getStock()).toEqual({ beans: 1, milk: 0 });

    // Not enough milk: nothing is taken, no number is used, and the answer names what is missing.
    expect(await shop.reserveStock("o2", { beans: 1, milk: 1 })).toEqual({
      ok: false,
      missing: ["milk"],
    });
    expect(await shop.reserveStock("o3", { cocoa: 1 })).toEqual({ ok: false, missing: ["cocoa"] });
    expect(await shop.getStock()).toEqual({ beans: 1, milk: 0 });
    expect(await shop.lastOrderNumber()).toBe(1);

    expect(await shop.releaseStock("o1", { beans: 1, milk: 1 })).toBe(true);
    expect(await shop.releaseStock("o1", { beans: 1, milk: 1 })).toBe(false);
    expect(await shop.getStock()).toEqual({ beans: 2, milk: 1 });
    expect(await shop.reserveStock("o4", { beans: 2 })).toEqual({ ok: true, orderNumber: 2 });
  });

  it("restocks only the ingredients named, keeping what reservations took meanwhile", async () => {
    await shop.putStock({ beans: 10, milk: 10, cocoa: 3 });
    // A drink reserved while the admin's form was open: its units stay out of stock.
    expect(await shop.reserveStock("o1", { beans: 1, milk: 1 })).toMatchObject({ ok: true });
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

  it("never goes below zero under concurrent reservations, and numbers without gaps", async () => {
    await shop.seed();
    await shop.putStock({ beans: 7, milk: 100 });
    // Every order reserves twice, concurrently with all the others: a step that ran again.
    const ids = Array.from({ length: 25 }, (_, i) => `r${i}`);
    const results = await Promise.all(
      [...ids, ...ids].map((id) => shop.reserveStock(id, { beans: 1, milk: 1 })),
    );
    const first = results.slice(0, 25);
    expect(results.slice(25)).toEqual(first);
    const numbers = first.flatMap((r) => (r.ok ? [r.orderNumber] : []));
    expect(numbers.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await shop.getStock()).toEqual({ beans: 0, milk: 93 });
  });

  it("keeps one entry per reservation, its number, and honours the older set of ids", async () => {
    await shop.seed();
    await shop.putStock({ beans: 5 });
    expect(await shop.reserveStock("o1", { beans: 1 })).toEqual({ ok: true, orderNumber: 1 });
    const stockItem = async () =>
      (
        await tables.db.send(
          new GetCommand({
            TableName: "shop",
            Key: { pk: "STOCK", sk: "STOCK" },
            ConsistentRead: true,
          }),
        )
      ).Item;
    // Every write of the stock item pays for its size: the order's id once, not twice.
    expect(await stockItem()).toMatchObject({ numbers: { o1: 1 } });
    expect((await stockItem())?.reservations).toBeUndefined();

    // A reservation made before, held in both (as the stock item kept them until 2026-12-08).
    await tables.db.send(
      new UpdateCommand({
        TableName: "shop",
        Key: { pk: "STOCK", sk: "STOCK" },
        UpdateExpression: "SET #n.#o = :two, #last = :two, #u.#b = #u.#b - :one ADD #held :ids",
        ExpressionAttributeNames: {
          "#n": "numbers",
          "#o": "old",
          "#last": "lastOrderNumber",
          "#u": "units",
          "#b": "beans",
          "#held": "reservations",
        },
        ExpressionAttributeValues: { ":two": 2, ":one": 1, ":ids": new Set(["old"]) },
      }),
    );
    expect(await shop.reserveStock("old", { beans: 1 })).toEqual({ ok: true, orderNumber: 2 });
    expect(await shop.getStock()).toEqual({ beans: 3 });
    expect(await shop.releaseStock("old", { beans: 1 })).toBe(true);
    expect(await shop.releaseStock("old", { beans: 1 })).toBe(false);
    expect(await stockItem()).toMatchObject({ numbers: { o1: 1 }, units: { beans: 4 } });
    expect((await stockItem())?.reservations).toBeUndefined();

    // Released, the order may reserve again (a new number); a repeat finds that one.
    expect(await shop.releaseStock("o1", { beans: 1 })).toBe(true);
    expect(await shop.reserveStock("o1", { beans: 1 })).toEqual({ ok: true, orderNumber: 3 });
    expect(await shop.reserveStock("o1", { beans: 1 })).toEqual({ ok: true, orderNumber: 3 });
    expect(await shop.getStock()).toEqual({ beans: 4 });
  });

  it("carries the number on from a shop stored before numbers lived with the stock", async () => {
    await tables.db.send(
      new PutCommand({
        TableName: "shop",
        Item: { pk: "STOCK", sk: "STOCK", units: { beans: 3 } },
      }),
    );
    await tables.db.send(
      new PutCommand({ TableName: "shop", Item: { pk: "COUNTER", sk: "orderNumber", value: 41 } }),
    );
    expect(await shop.reserveStock("o1", { beans: 1 })).toEqual({ ok: true, orderNumber: 42 });
    expect(await shop.reserveStock("o2", { beans: 1 })).toEqual({ ok: true, orderNumber: 43 });
  });

  it("keeps the queue count when the config is replaced or the shop opened", async () => {
    await shop.seed();
    await tables.db.send(
      new UpdateCommand({
        TableName: "shop",
        Key: { pk: "CONFIG", sk: "CONFIG" },
        UpdateExpression: "SET queued = :n",
        ExpressionAttributeValues: { ":n": 4 },
      }),
    );
    await shop.putConfig({ ...SEED_CONFIG, storeOpen: false });
    await shop.setStoreOpen(true);
    const { Item } = await tables.db.send(
      new GetCommand({ TableName: "shop", Key: { pk: "CONFIG", sk: "CONFIG" } }),
    );
    expect(Item).toMatchObject({ queued: 4, config: { storeOpen: true } });
  });
});
