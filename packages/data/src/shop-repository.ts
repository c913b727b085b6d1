/**
 * The shop: configuration, menu, stock and the order-number counter, in the single-table `shop`
 * table. Stock and the counter live in one item, so that reserving a drink's ingredients and
 * numbering the order is one atomic, conditional update, and stock never goes negative. The
 * config item also keeps the queue count that admission checks (`order-admission.ts`).
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
import { releaseUpdate, reserveUpdate } from "./stock-updates.js";

/** Item keys in the shop table: `pk` is the kind of item, `sk` the item within it. */
export const SHOP_KEYS = {
  config: { pk: "CONFIG", sk: "CONFIG" },
  menu: { pk: "MENU", sk: "MENU" },
  stock: { pk: "STOCK", sk: "STOCK" },
} as const;

/** A customer's open orders (`open`, a string set), checked against the per-customer limit. */
export function customerKey(customerId: string) {
  return { pk: `CUSTOMER#${customerId}`, sk: "ORDERS" };
}

/** Where the order-number counter lived before it moved into the stock item. */
const LEGACY_COUNTER_KEY = { pk: "COUNTER", sk: "orderNumber" };

export type ReserveResult = { ok: true; orderNumber: number } | { ok: false; missing: string[] };

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

/** The config a stored config item holds, as `getConfig` answers it: the seed's if none is stored. */
export function storedConfig(item: Record<string, unknown> | undefined): ShopConfig {
  return item ? parse(shopConfigSchema, item.config, "config") : SEED_CONFIG;
}

/** The menu a stored menu item holds, as `getMenu` answers it: the seed's if none is stored. */
export function storedMenu(item: Record<string, unknown> | undefined): Menu {
  return item ? parse(menuSchema, item.menu, "menu") : SEED_MENU;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** DynamoDB's answer to setting `numbers.<id>` while the stock item has no `numbers` map. */
function isMissingMap(error: unknown): boolean {
  return (
    (error as { name?: string }).name === "ValidationException" &&
    /document path/i.test((error as Error).message)
  );
}

function counterValue(value: unknown): number {
  if (typeof value !== "number") {
    throw new DataError("INVALID_RECORD", "order-number counter answered no number");
  }
  return value;
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
      config: { ...SHOP_KEYS.config, config: shopConfigSchema.parse(seed.config), queued: 0 },
      menu: { ...SHOP_KEYS.menu, menu: menuSchema.parse(seed.menu) },
      stock: {
        ...SHOP_KEYS.stock,
        units: stockSchema.parse(seed.stock),
        numbers: {},
        lastOrderNumber: 0,
      },
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
    return storedConfig(await this.getItem(SHOP_KEYS.config));
  }

  /** Replaces the configuration; the queue count kept beside it stays as it is. */
  async putConfig(config: ShopConfig): Promise<ShopConfig> {
    const valid = shopConfigSchema.parse(config);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: SHOP_KEYS.config,
        UpdateExpression: "SET #config = :config",
        ExpressionAttributeNames: { "#config": "config" },
        ExpressionAttributeValues: { ":config": valid },
      }),
    );
    return valid;
  }

  /** Opens or closes the store, keeping the rest of the configuration. */
  async setStoreOpen(open: boolean): Promise<ShopConfig> {
    return this.putConfig({ ...(await this.getConfig()), storeOpen: open });
  }

  /** The stored menu; the seed menu if none is stored yet. */
  async getMenu(): Promise<Menu> {
    return storedMenu(await this.getItem(SHOP_KEYS.menu));
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
   * Takes `ingredients` out of stock for `orderId` and gives the order its number, in one
   * conditional write (`stock-updates.ts`): all or nothing, never below zero, numbers 1, 2, 3, ...
   * without gaps. Idempotent per order: a retried step finds the reservation and its number.
   */
  async reserveStock(orderId: string, ingredients: Record<string, number>): Promise<ReserveResult> {
    const reserve = () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SHOP_KEYS.stock,
          ...reserveUpdate(orderId, ingredients),
          ReturnValues: "UPDATED_NEW",
        }),
      );
    try {
      let answer: Awaited<ReturnType<typeof reserve>>;
      try {
        answer = await reserve();
      } catch (error) {
        // A stock item written before numbers lived in it has no `numbers` map to set a path in.
        if (!isMissingMap(error)) throw error;
        await this.#addNumberMaps();
        answer = await reserve();
      }
      return { ok: true, orderNumber: counterValue(answer.Attributes?.lastOrderNumber) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The write is the check; reading afterwards only explains which condition failed.
      const item = await this.getItem(SHOP_KEYS.stock);
      const numbers = item?.numbers as Record<string, unknown> | undefined;
      // Held: its entry in `numbers`, or (a reservation made before 2026-12-08) in `reservations`.
      const heldBefore = item?.reservations as Set<string> | undefined;
      if (numbers?.[orderId] !== undefined || heldBefore?.has(orderId)) {
        return { ok: true, orderNumber: counterValue(numbers?.[orderId]) };
      }
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
  async releaseStock(orderId: string, ingredients: Record<string, number>): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SHOP_KEYS.stock,
          ...releaseUpdate(orderId, ingredients, { onlyIfHeld: true }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The last order number given out (0 before the first). */
  async lastOrderNumber(): Promise<number> {
    const item = await this.getItem(SHOP_KEYS.stock);
    return item?.lastOrderNumber === undefined ? 0 : counterValue(item.lastOrderNumber);
  }

  /**
   * Brings a stock item from before numbers lived in it up to date: an empty `numbers` map, and
   * the counter carried over from the old counter item (so numbering goes on where it was).
   */
  async #addNumberMaps(): Promise<void> {
    const legacy = await this.getItem(LEGACY_COUNTER_KEY);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: SHOP_KEYS.stock,
        UpdateExpression:
          "SET #numbers = if_not_exists(#numbers, :empty), #last = if_not_exists(#last, :legacy)",
        ExpressionAttributeNames: { "#numbers": "numbers", "#last": "lastOrderNumber" },
        ExpressionAttributeValues: { ":empty": {}, ":legacy": Number(legacy?.value ?? 0) },
      }),
    );
  }
}
