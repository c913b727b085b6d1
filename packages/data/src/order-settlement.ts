/**
 * The order's moves that give back what admission took: its queue place when the drink is made
 * (or the order ends before), its customer place when it ends, and its stock when it is
 * cancelled holding some. Each move is one transaction conditioned on the order's status, so it
 * happens once: a retried step finds the order already moved and answers it as it is.
 */
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import {
  type CancelReason,
  type Order,
  type OrderStatus,
  orderSchema,
  QUEUE_STATUSES,
  WORKFLOW_MOVES,
} from "@coffee/shared";
import { DataError } from "./data-error.js";
import { toRecord } from "./orders-repository.js";
import { customerKey, SHOP_KEYS } from "./shop-repository.js";
import { commitUpdate, releaseUpdate, type UpdateParts } from "./stock-updates.js";
import type { TableNames } from "./tables.js";
import { failedCondition, withConflictRetries } from "./transaction-conflicts.js";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * What the workflow knows of its order: every field of the public order but its status and
 * times. Settlements write only the change and answer the order as it is after it, so that the
 * event published next needs no read.
 */
export type OrderFacts = Omit<Order, "status" | "updatedAt" | "reason">;

export interface CloseRequest {
  /** The statuses the order may be in: all holding a queue place, or exactly one status. */
  from: readonly OrderStatus[];
  reason: CancelReason;
  /** ISO time of the change (the caller's clock, so workflows stay deterministic). */
  now: string;
  /** The ingredients the order holds in stock, to put back in the same write. */
  releaseStock?: Record<string, number>;
  /** Applies only if the order is still exactly as read (the reconciler's guard). */
  ifUpdatedAt?: string;
}

interface Move {
  from: readonly OrderStatus[];
  to: OrderStatus;
  now: string;
  reason?: CancelReason;
  ifUpdatedAt?: string;
}

export class OrderSettlement {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: TableNames,
  ) {}

  /** ACCEPTED → READY: the drink is made; its stock is used for good and its queue place freed. */
  markReady(order: OrderFacts, now: string): Promise<Order> {
    return this.#move(order, { ...WORKFLOW_MOVES.ready, now }, [
      this.#queuePlace(),
      this.#stock(commitUpdate(order.orderId)),
    ]);
  }

  /** READY → COMPLETED: picked up; the customer's place is freed. */
  complete(order: OrderFacts, now: string): Promise<Order> {
    return this.#move(order, { ...WORKFLOW_MOVES.complete, now }, [this.#customerPlace(order)]);
  }

  /** An open order is cancelled: every place it holds is freed, its stock put back when given. */
  async close(order: OrderFacts, request: CloseRequest): Promise<Order> {
    const holdsQueue = request.from.map((s) => QUEUE_STATUSES.includes(s));
    if (holdsQueue.includes(true) && holdsQueue.includes(false)) {
      // One write cannot know whether to free a queue place: the caller reads the status first.
      throw new DataError(
        "TRANSITION_REJECTED",
        `close from ${request.from.join(", ")}: name one status, or only queue statuses`,
      );
    }
    const extra: TransactItem[] = [this.#customerPlace(order)];
    if (holdsQueue[0]) extra.push(this.#queuePlace());
    if (request.releaseStock) {
      const parts = releaseUpdate(order.orderId, request.releaseStock, { onlyIfHeld: false });
      extra.push(this.#stock(parts));
    }
    return this.#move(order, { ...request, to: "CANCELLED" }, extra);
  }

  #queuePlace(): TransactItem {
    return {
      Update: {
        TableName: this.tables.shop,
        Key: SHOP_KEYS.config,
        UpdateExpression: "ADD #queued :minus",
        ExpressionAttributeNames: { "#queued": "queued" },
        ExpressionAttributeValues: { ":minus": -1 },
      },
    };
  }

  #customerPlace(order: OrderFacts): TransactItem {
    return {
      Update: {
        TableName: this.tables.shop,
        Key: customerKey(order.customerId),
        UpdateExpression: "DELETE #open :ids",
        ExpressionAttributeNames: { "#open": "open" },
        ExpressionAttributeValues: { ":ids": new Set([order.orderId]) },
      },
    };
  }

  #stock(parts: UpdateParts): TransactItem {
    return { Update: { TableName: this.tables.shop, Key: SHOP_KEYS.stock, ...parts } };
  }

  /** The order's own write (status, time, reason; no callback left) with `extra`, all or none. */
  async #move(facts: OrderFacts, move: Move, extra: TransactItem[]): Promise<Order> {
    const after = orderSchema.parse({
      ...facts,
      status: move.to,
      updatedAt: move.now,
      reason: move.reason,
    });
    const names: Record<string, string> = {
      "#status": "status",
      "#updatedAt": "updatedAt",
      "#callback": "pendingCallback",
    };
    const values: Record<string, unknown> = { ":to": move.to, ":now": move.now };
    const sets = ["#status = :to", "#updatedAt = :now"];
    if (move.reason) {
      names["#reason"] = "reason";
      values[":reason"] = move.reason;
      sets.push("#reason = :reason");
    }
    move.from.forEach((status, i) => {
      values[`:from${i}`] = status;
    });
    let condition = `#status IN (${move.from.map((_, i) => `:from${i}`).join(", ")})`;
    if (move.ifUpdatedAt !== undefined) {
      values[":seen"] = move.ifUpdatedAt;
      condition += " AND #updatedAt = :seen";
    }
    const write = new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: this.tables.orders,
            Key: { orderId: facts.orderId },
            UpdateExpression: `SET ${sets.join(", ")} REMOVE #callback`,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        ...extra,
      ],
    });
    try {
      await withConflictRetries(() => this.db.send(write));
      return after;
    } catch (error) {
      // Part 0 is the order's own write: any other cancellation is not an answer about it.
      const failed = failedCondition(error, 0);
      if (!failed) throw error;
      if (!failed.item) {
        throw new DataError("ORDER_NOT_FOUND", `order ${facts.orderId} not found`, {
          cause: error,
        });
      }
      const current = toRecord(failed.item).order;
      // Already moved (a retried step): answer it as it is, and free nothing twice.
      if (current.status === move.to && move.ifUpdatedAt === undefined) return current;
      throw new DataError(
        "TRANSITION_REJECTED",
        `order ${facts.orderId} is ${current.status}, not one of ${move.from.join(", ")}`,
        { cause: error },
      );
    }
  }
}
