/**
 * Orders: one item per order, with conditional status transitions and the pending callback.
 * Orders are created by admission (`order-admission.ts`); the moves that free what admission
 * took are settlements (`order-settlement.ts`).
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type Menu,
  type Order,
  type OrderEndReason,
  type OrderStatus,
  type OrderTerms,
  orderSchema,
  orderTermsSchema,
  principalIdSchema,
} from "@coffee/shared";
import { z } from "zod";
import { DataError } from "./data-error.js";
import { SHOP_KEYS, storedMenu } from "./shop-repository.js";
import { TABLES } from "./tables.js";

/**
 * The callback the workflow is waiting on for this order. The id is a bearer secret for
 * completing the callback: it stays in the table and is never part of an `Order` sent to clients.
 */
export const pendingCallbackSchema = z.object({
  name: z.string().min(1),
  callbackId: z.string().min(1),
});
export type PendingCallback = z.infer<typeof pendingCallbackSchema>;

/** An order as stored: the public order plus the private pending callback and execution. */
export interface OrderRecord {
  order: Order;
  pendingCallback?: PendingCallback;
  /**
   * The ARN of the order's durable execution, recorded by the workflow with its first status
   * (the ARN names the version it runs on, which a lookup by name on an alias may not find).
   */
  executionArn?: string;
  /** The terms the order was admitted under (absent on orders stored before they were kept). */
  terms?: OrderTerms;
}

/** Fields a transition may set along with the status. */
export interface OrderChanges {
  orderNumber?: number;
  drink?: string;
  drinkName?: string;
  modifiers?: Record<string, string>;
  baristaId?: string;
  unaccepts?: number;
  reason?: OrderEndReason;
}

export interface TransitionRequest {
  /** Statuses the order may be in for the change to apply; being in `to` already also applies. */
  from: readonly OrderStatus[];
  to: OrderStatus;
  /** ISO time of the change (the caller's clock, so workflows stay deterministic). */
  now: string;
  set?: OrderChanges;
  /** Fields to drop (e.g. `baristaId` when an order goes back to the queue). */
  remove?: readonly (keyof OrderChanges)[];
  /** A callback to record in the same write, or `null` to clear the current one. */
  pendingCallback?: PendingCallback | null;
  /** The order's execution ARN, recorded in the same write (see `OrderRecord.executionArn`). */
  executionArn?: string;
  /**
   * Applies only if the order is still exactly as read (its `updatedAt`): for a writer other
   * than the workflow (the reconciler), so that any change the workflow made in between, a
   * close included, wins and this write is rejected.
   */
  ifUpdatedAt?: string;
}

const storedSchema = orderSchema.extend({
  pendingCallback: pendingCallbackSchema.optional(),
  executionArn: z.string().min(1).optional(),
  terms: orderTermsSchema.optional(),
});

const { orders } = TABLES;
const BY_STATUS = orders.globalSecondaryIndexes[0].indexName;
const BY_CUSTOMER = orders.globalSecondaryIndexes[1].indexName;

/** An order item as stored, parsed: the public order and its private fields apart. */
export function toRecord(item: Record<string, unknown>): OrderRecord {
  const parsed = storedSchema.safeParse(item);
  if (!parsed.success) {
    throw new DataError("INVALID_RECORD", `order item is invalid: ${parsed.error.message}`);
  }
  const { pendingCallback, executionArn, terms, ...order } = parsed.data;
  return { order, pendingCallback, executionArn, terms };
}

export class OrdersRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The shop table, for `getRecordWithMenu`. */
    private readonly shopTable?: string,
  ) {}

  async getRecord(orderId: string): Promise<OrderRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { orderId }, ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  /**
   * The order (read as `getRecord` does) and the menu (the seed menu until one is stored), in one
   * request: the customer's choice needs both. The menu is read eventually consistent, as any
   * copy of it a caller keeps for seconds would be.
   */
  async getRecordWithMenu(orderId: string): Promise<{ record?: OrderRecord; menu: Menu }> {
    const shop = this.shopTable;
    if (shop === undefined || shop === this.tableName) {
      throw new Error("getRecordWithMenu needs the shop table, apart from the orders table");
    }
    let request: BatchGetCommandInput["RequestItems"] = {
      [this.tableName]: { Keys: [{ orderId }], ConsistentRead: true },
      [shop]: { Keys: [SHOP_KEYS.menu] },
    };
    const found: Record<string, Record<string, unknown>[]> = {};
    // Keys DynamoDB leaves unprocessed (throttling) are asked again, after a short pause.
    for (let attempt = 1; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > 8) throw new Error(`BatchGetItem left keys unread ${attempt - 1} times`);
      if (attempt > 1) await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
      const page: BatchGetCommandOutput = await this.db.send(
        new BatchGetCommand({ RequestItems: request }),
      );
      for (const [table, items] of Object.entries(page.Responses ?? {})) {
        found[table] = [...(found[table] ?? []), ...items];
      }
      request = page.UnprocessedKeys;
    }
    const order = found[this.tableName]?.[0];
    return { record: order ? toRecord(order) : undefined, menu: storedMenu(found[shop]?.[0]) };
  }

  async get(orderId: string): Promise<Order | undefined> {
    return (await this.getRecord(orderId))?.order;
  }

  /**
   * Moves the order to `to` if it is in one of `from` (or already in `to`, so a retried step is
   * harmless), setting the given fields and the pending callback in the same write.
   * Throws `ORDER_NOT_FOUND` or `TRANSITION_REJECTED` (with the current status) otherwise.
   */
  async transition(orderId: string, request: TransitionRequest): Promise<Order> {
    const names: Record<string, string> = { "#status": "status", "#updatedAt": "updatedAt" };
    const values: Record<string, unknown> = { ":to": request.to, ":now": request.now };
    const sets = ["#status = :to", "#updatedAt = :now"];
    const removes: string[] = [];
    for (const [key, value] of Object.entries(request.set ?? {})) {
      if (value === undefined) continue;
      names[`#${key}`] = key;
      values[`:${key}`] = value;
      sets.push(`#${key} = :${key}`);
    }
    for (const key of request.remove ?? []) {
      names[`#${key}`] = key;
      removes.push(`#${key}`);
    }
    if (request.executionArn !== undefined) {
      names["#executionArn"] = "executionArn";
      values[":executionArn"] = request.executionArn;
      sets.push("#executionArn = :executionArn");
    }
    if (request.pendingCallback !== undefined) {
      names["#callback"] = "pendingCallback";
      if (request.pendingCallback === null) removes.push("#callback");
      else {
        values[":callback"] = pendingCallbackSchema.parse(request.pendingCallback);
        sets.push("#callback = :callback");
      }
    }
    const allowed = [...new Set([...request.from, request.to])];
    allowed.forEach((status, i) => {
      values[`:from${i}`] = status;
    });
    let condition = `attribute_exists(orderId) AND #status IN (${allowed
      .map((_, i) => `:from${i}`)
      .join(", ")})`;
    if (request.ifUpdatedAt !== undefined) {
      values[":seen"] = request.ifUpdatedAt;
      condition += " AND #updatedAt = :seen";
    }
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { orderId },
          UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return toRecord(Attributes ?? {}).order;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.get(orderId);
      if (!current) {
        throw new DataError("ORDER_NOT_FOUND", `order ${orderId} not found`, { cause: error });
      }
      throw new DataError(
        "TRANSITION_REJECTED",
        `order ${orderId} is ${current.status}, not one of ${request.from.join(", ")}`,
        { cause: error },
      );
    }
  }

  /** Clears the pending callback if it is still `callbackId` (the API after completing it). */
  async clearPendingCallback(orderId: string, callbackId: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { orderId },
          UpdateExpression: "REMOVE pendingCallback",
          ConditionExpression: "pendingCallback.callbackId = :id",
          ExpressionAttributeValues: { ":id": callbackId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Orders in one status, oldest first (the barista queue). */
  async listByStatus(status: OrderStatus, options: { limit?: number } = {}): Promise<Order[]> {
    return this.queryAll(
      {
        IndexName: BY_STATUS,
        KeyConditionExpression: "#status = :status",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": status },
        ScanIndexForward: true,
      },
      options.limit,
    );
  }

  /** A customer's orders, newest first. */
  async listByCustomer(customerId: string, options: { limit?: number } = {}): Promise<Order[]> {
    principalIdSchema.parse(customerId);
    return this.queryAll(
      {
        IndexName: BY_CUSTOMER,
        KeyConditionExpression: "customerId = :customerId",
        ExpressionAttributeValues: { ":customerId": customerId },
        ScanIndexForward: false,
      },
      options.limit,
    );
  }

  private async queryAll(
    query: Omit<ConstructorParameters<typeof QueryCommand>[0], "TableName">,
    limit?: number,
  ): Promise<Order[]> {
    const found: Order[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ ...query, TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        found.push(toRecord(item).order);
        if (limit !== undefined && found.length >= limit) return found;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }
}
