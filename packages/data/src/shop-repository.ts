/**
 * The shop: configuration, menu, stock and the order-number counter, in the single-table `shop`
 * table. Stock lives in one item so that reserving several ingredients is one atomic,
 * conditional update (no transactions needed), and it never goes negative.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type Menu,
  menuSchema,
  SEED_CONFIG,
  SEED_MENU,
  SEED_STOCK,
  type ShopConfig,
  type Stock,
  shopConfigSchema,
  stockSchema,
} from "@coffee/shared";
import type { z } from "zod";
import { DataError } from "./data-error.js";

/** Item keys in the shop table: `pk` is the kind of item, `sk` the item within it. */
export const SHOP_KEYS = {
  config: { pk: "CONFIG", sk: "CONFIG" },
  menu: { pk: "MENU", sk: "MENU" },
  stock: { pk: "STOCK", sk: "STOCK" },
  orderNumber: { pk: "COUNTER", sk: "orderNumber" },
} as const;

export type ReserveResult = { ok: true } | { ok: false; missing: string[] };

export interface ShopSeed {
  config: ShopConfig;
  menu: Menu;
  stock: Stock;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DataError("INVALID_RECORD", `stored ${what} is invalid: ${parsed.error.message}`);
  }
  return parsed.data;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** DynamoDB's answer to setting `claims.<id>` while the counter item has no `claims` map. */
function isMissingClaimsMap(error: unknown): boolean {
  return (
    (error as { name?: string }).name === "ValidationException" &&
    /document path/i.test((error as Error).message)
  );
}

export class ShopRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes the seed config, menu and stock where none exist yet (first start of a fresh shop);
   * answers which of them it wrote. Existing items are never overwritten.
   */
  async seed(seed: ShopSeed = { config: SEED_CONFIG, menu: SEED_MENU, stock: SEED_STOCK }) {
    const written: ("config" | "menu" | "stock")[] = [];
    const items = {
      config: { ...SHOP_KEYS.config, config: shopConfigSchema.parse(seed.config) },
      menu: { ...SHOP_KEYS.menu, menu: menuSchema.parse(seed.menu) },
      stock: { ...SHOP_KEYS.stock, units: stockSchema.parse(seed.stock) },
    };
    for (const [kind, item] of Object.entries(items) as [keyof typeof items, object][]) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        written.push(kind);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return written;
  }

  private async getItem(key: { pk: string; sk: string }) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  /** The stored configuration; the seed configuration if none is stored yet. */
  async getConfig(): Promise<ShopConfig> {
    const item = await this.getItem(SHOP_KEYS.config);
    return item ? parse(shopConfigSchema, item.config, "config") : SEED_CONFIG;
  }

  async putConfig(config: ShopConfig): Promise<ShopConfig> {
    const valid = shopConfigSchema.parse(config);
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...SHOP_KEYS.config, config: valid } }),
    );
    return valid;
  }

  /** Opens or closes the store, keeping the rest of the configuration. */
  async setStoreOpen(open: boolean): Promise<ShopConfig> {
    return this.putConfig({ ...(await this.getConfig()), storeOpen: open });
  }

  /** The stored menu; the seed menu if none is stored yet. */
  async getMenu(): Promise<Menu> {
    const item = await this.getItem(SHOP_KEYS.menu);
    return item ? parse(menuSchema, item.menu, "menu") : SEED_MENU;
  }

  async putMenu(menu: Menu): Promise<Menu> {
    const valid = menuSchema.parse(menu);
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...SHOP_KEYS.menu, menu: valid } }),
    );
    return valid;
  }

  /** Units available per ingredient (reserved units already taken out). */
  async getStock(): Promise<Stock> {
    const item = await this.getItem(SHOP_KEYS.stock);
    return item ? parse(stockSchema, item.units ?? {}, "stock") : {};
  }

  /** Sets the available units (an admin restock); open reservations stay as they are. */
  async putStock(stock: Stock): Promise<Stock> {
    const valid = stockSchema.parse(stock);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: SHOP_KEYS.stock,
        UpdateExpression: "SET units = :units",
        ExpressionAttributeValues: { ":units": valid },
      }),
    );
    return valid;
  }

  /**
   * Sets the units of the ingredients named, and only those, in one write: a restock of milk
   * leaves the beans (and reservations made meanwhile) as they are. Answers the whole stock.
   */
  async setStockLevels(levels: Stock): Promise<Stock> {
    const valid = stockSchema.parse(levels);
    const entries = Object.entries(valid);
    if (entries.length === 0) return this.getStock();
    const names: Record<string, string> = { "#units": "units" };
    const values: Record<string, unknown> = {};
    const sets = entries.map(([ingredient, units], i) => {
      names[`#i${i}`] = ingredient;
      values[`:u${i}`] = units;
      return `#units.#i${i} = :u${i}`;
    });
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SHOP_KEYS.stock,
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "attribute_exists(#units)",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return parse(stockSchema, Attributes?.units ?? {}, "stock");
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // No stock stored yet (a shop never seeded): these levels are the whole stock.
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SHOP_KEYS.stock,
          UpdateExpression: "SET #units = :units",
          ConditionExpression: "attribute_not_exists(#units)",
          ExpressionAttributeNames: { "#units": "units" },
          ExpressionAttributeValues: { ":units": valid },
        }),
      );
      return valid;
    }
  }

  /**
   * Takes `ingredients` out of stock for `reservationId` in one conditional write: all or
   * nothing, never below zero. Idempotent per reservation id (the id is kept in the stock item
   * until the reservation is released or committed), so a retried step reserves once.
   */
  async reserveStock(
    reservationId: string,
    ingredients: Record<string, number>,
  ): Promise<ReserveResult> {
    const names: Record<string, string> = { "#units": "units", "#held": "reservations" };
    const values: Record<string, unknown> = {
      ":id": reservationId,
      ":ids": new Set([reservationId]),
    };
    const sets: string[] = [];
    const conditions = ["NOT contains(#held, :id)"];
    Object.entries(ingredients).forEach(([ingredient, quantity], i) => {
      names[`#i${i}`] = ingredient;
      values[`:q${i}`] = quantity;
      sets.push(`#units.#i${i} = #units.#i${i} - :q${i}`);
      conditions.push(`#units.#i${i} >= :q${i}`);
    });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SHOP_KEYS.stock,
          UpdateExpression: `${sets.length ? `SET ${sets.join(", ")} ` : ""}ADD #held :ids`,
          ConditionExpression: conditions.join(" AND "),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return { ok: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const item = await this.getItem(SHOP_KEYS.stock);
      const held = item?.reservations as Set<string> | undefined;
      if (held?.has(reservationId)) return { ok: true };
      const units = (item?.units ?? {}) as Record<string, number>;
      const missing = Object.entries(ingredients)
        .filter(([ingredient, quantity]) => (units[ingredient] ?? 0) < quantity)
        .map(([ingredient]) => ingredient);
      return { ok: false, missing };
    }
  }

  /**
   * Puts a reservation's units back (a saga compensation). Idempotent: answers false if the
   * reservation is not held (never made, already released, or committed).
   */
  async releaseStock(reservationId: string, ingredients: Record<string, number>): Promise<boolean> {
    const names: Record<string, string> = { "#units": "units", "#held": "reservations" };
    const values: Record<string, unknown> = {
      ":id": reservationId,
      ":ids": new Set([reservationId]),
      ":zero": 0,
    };
    const sets: string[] = [];
    Object.entries(ingredients).forEach(([ingredient, quantity], i) => {
      names[`#i${i}`] = ingredient;
      values[`:q${i}`] = quantity;
      // if_not_exists: an ingredient removed from stock since the reservation comes back.
      sets.push(`#units.#i${i} = if_not_exists(#units.#i${i}, :zero) + :q${i}`);
    });
    return this.settleReservation(
      `${sets.length ? `SET ${sets.join(", ")} ` : ""}DELETE #held :ids`,
      names,
      values,
    );
  }

  /** Marks a reservation as used (the drink was made): its units stay out of stock. */
  async commitStock(reservationId: string): Promise<boolean> {
    return this.settleReservation(
      "DELETE #held :ids",
      { "#held": "reservations" },
      { ":id": reservationId, ":ids": new Set([reservationId]) },
    );
  }

  private async settleReservation(
    update: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SHOP_KEYS.stock,
          UpdateExpression: update,
          ConditionExpression: "contains(#held, :id)",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * The order number of `orderId`: the next of 1, 2, 3, ... on the first call, the same number
   * on every repeat until `settleOrderNumber`. The increment and the order's claim on it are one
   * conditional update of the counter item, so a step that crashes after numbering and runs
   * again finds its claim instead of taking a second number: no gaps among submitted orders.
   */
  async claimOrderNumber(orderId: string): Promise<number> {
    const names = { "#value": "value", "#claims": "claims", "#order": orderId };
    const claim = () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SHOP_KEYS.orderNumber,
          // Both right-hand sides read the value from before this update.
          UpdateExpression:
            "SET #value = if_not_exists(#value, :zero) + :one, #claims.#order = if_not_exists(#value, :zero) + :one",
          ConditionExpression: "attribute_not_exists(#claims.#order)",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ":zero": 0, ":one": 1 },
          ReturnValues: "UPDATED_NEW",
        }),
      );
    try {
      let answer: Awaited<ReturnType<typeof claim>>;
      try {
        answer = await claim();
      } catch (error) {
        // A nested path can only be set inside an existing map: the very first claim creates
        // the map and tries again. (Creating it on every claim doubled the writes to this one
        // hot item, which every order queues on.)
        if (!isMissingClaimsMap(error)) throw error;
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: SHOP_KEYS.orderNumber,
            UpdateExpression: "SET #claims = if_not_exists(#claims, :empty)",
            ExpressionAttributeNames: { "#claims": "claims" },
            ExpressionAttributeValues: { ":empty": {} },
          }),
        );
        answer = await claim();
      }
      return this.#counterValue(answer.Attributes?.value);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: SHOP_KEYS.orderNumber,
          ConsistentRead: true,
        }),
      );
      return this.#counterValue((Item?.claims as Record<string, unknown> | undefined)?.[orderId]);
    }
  }

  /** Drops the claim once the number is recorded on the order (idempotent). */
  async settleOrderNumber(orderId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: SHOP_KEYS.orderNumber,
        UpdateExpression: "REMOVE #claims.#order",
        ExpressionAttributeNames: { "#claims": "claims", "#order": orderId },
      }),
    );
  }

  #counterValue(value: unknown): number {
    if (typeof value !== "number") {
      throw new DataError("INVALID_RECORD", "order-number counter answered no number");
    }
    return value;
  }

  /** The next order number: 1, 2, 3, ... atomically, unique under concurrency, no gaps. */
  async nextOrderNumber(): Promise<number> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: SHOP_KEYS.orderNumber,
        UpdateExpression: "ADD #value :one",
        ExpressionAttributeNames: { "#value": "value" },
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    const value = Attributes?.value;
    if (typeof value !== "number") {
      throw new DataError("INVALID_RECORD", "order-number counter answered no number");
    }
    return value;
  }
}
