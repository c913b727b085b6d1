/**
 * Admission: a new order is let in by one DynamoDB transaction that spends a drink of the QR
 * code, takes a place in the queue, takes one of the customer's places and stores the order, or
 * does none of these. Each limit is a condition on the count it limits, in the same write, so
 * 2N customers arriving at once against a limit of N admit exactly N, and a refused start spends
 * nothing. The counts are given back by the order's settlement (`order-settlement.ts`).
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  DEFAULT_LIMITS,
  type Order,
  type OrderTerms,
  orderSchema,
  orderTerms,
  type ShopConfig,
} from "@coffee/shared";
import { DataError } from "./data-error.js";
import { type OrderRecord, toRecord } from "./orders-repository.js";
import { redeemParts, refusalOf } from "./qr-token-repository.js";
import { customerKey, SHOP_KEYS, storedConfig } from "./shop-repository.js";
import type { TableNames } from "./tables.js";
import { failedCondition, withConflictRetries } from "./transaction-conflicts.js";

export interface AdmissionRequest {
  orderId: string;
  customerId: string;
  /** The QR code's token the customer scanned. */
  token: string;
  nowMs: number;
  /** `limits.maxOrdersPerCustomer` as the caller last read it. */
  maxOrdersPerCustomer: number;
  /** The timeouts the order runs under, kept on it for its workflow. */
  terms: OrderTerms;
  /**
   * `maxOrdersPerCustomer` and `terms` are the stored config's, as the caller last read it: the
   * start is admitted only while the stored config still has them (in the same write), and is
   * refused `CONFIG_CHANGED` with the config as stored otherwise. So the caller may keep a
   * config for as long as it likes instead of reading it for each start.
   */
  fromStoredConfig?: boolean;
}

export type AdmissionRefusal =
  | "TOKEN_INVALID"
  | "TOKEN_EXPIRED"
  | "TOKEN_EXHAUSTED"
  | "STORE_CLOSED"
  | "QUEUE_FULL"
  | "CUSTOMER_LIMIT"
  | "ORDER_EXISTS"
  | "CONFIG_CHANGED";

export type Admission =
  | { admitted: true; order: Order }
  /**
   * `openOrderIds`: the customer's open orders, with `CUSTOMER_LIMIT`; `existing`: the order
   * stored under this id, with `ORDER_EXISTS` (a retried start finds its order this way, with no
   * read before the write); `config`: the config as stored, with `CONFIG_CHANGED`.
   */
  | {
      admitted: false;
      reason: AdmissionRefusal;
      openOrderIds?: string[];
      existing?: OrderRecord;
      config?: ShopConfig;
    };

/** Where each part of the transaction stands in it; cancellation reasons come back in this order. */
const PART = { token: 0, queue: 1, customer: 2, order: 3 } as const;

export class OrderAdmission {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: TableNames,
  ) {}

  async admit(request: AdmissionRequest): Promise<Admission> {
    const redeem = redeemParts(request.token, request.nowMs);
    if (!redeem) return { admitted: false, reason: "TOKEN_INVALID" };
    const now = new Date(request.nowMs).toISOString();
    const order = orderSchema.parse({
      orderId: request.orderId,
      customerId: request.customerId,
      status: "PENDING",
      createdAt: now,
      updatedAt: now,
    });
    const shop = this.tables.shop;
    const write = new TransactWriteCommand({
      TransactItems: [
        { Update: { TableName: shop, ...redeem, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
        {
          Update: {
            TableName: shop,
            Key: SHOP_KEYS.config,
            UpdateExpression: "ADD #queued :one",
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            ...queueCondition(request),
          },
        },
        {
          Update: {
            TableName: shop,
            Key: customerKey(request.customerId),
            UpdateExpression: "ADD #open :ids",
            ConditionExpression: "attribute_not_exists(#open) OR size(#open) < :max",
            ExpressionAttributeNames: { "#open": "open" },
            ExpressionAttributeValues: {
              ":ids": new Set([request.orderId]),
              ":max": request.maxOrdersPerCustomer,
            },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        {
          Put: {
            TableName: this.tables.orders,
            Item: { ...order, terms: request.terms },
            ConditionExpression: "attribute_not_exists(orderId)",
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
      ],
    });
    try {
      await withConflictRetries(() => this.db.send(write));
      return { admitted: true, order };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return refusal(error, request);
    }
  }
}

/**
 * The queue place's condition: the shop is open and the queue under its limit, as stored; with
 * `fromStoredConfig`, also the stored config's customer limit and terms as the request has them.
 */
function queueCondition(request: AdmissionRequest) {
  const names: Record<string, string> = {
    "#queued": "queued",
    "#config": "config",
    "#storeOpen": "storeOpen",
    "#limits": "limits",
    "#max": "maxOrdersInQueue",
  };
  const values: Record<string, unknown> = { ":one": 1, ":true": true };
  const parts = [
    "#config.#storeOpen = :true",
    "(attribute_not_exists(#queued) OR #queued < #config.#limits.#max)",
  ];
  if (request.fromStoredConfig) {
    const { maxUnaccepts, ...timeouts } = request.terms;
    const same = (group: "#limits" | "#timeouts", field: string, value: number) => {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      return `#config.${group}.#${field} = :${field}`;
    };
    names["#timeouts"] = "timeouts";
    parts.push(same("#limits", "maxOrdersPerCustomer", request.maxOrdersPerCustomer));
    for (const [field, seconds] of Object.entries(timeouts)) {
      parts.push(same("#timeouts", field, seconds));
    }
    // A config stored before `maxUnaccepts` existed holds none: the default applies.
    const unaccepts = same("#limits", "maxUnaccepts", maxUnaccepts);
    parts.push(
      maxUnaccepts === DEFAULT_LIMITS.maxUnaccepts
        ? `(attribute_not_exists(#config.#limits.#maxUnaccepts) OR ${unaccepts})`
        : unaccepts,
    );
  }
  return {
    ConditionExpression: parts.join(" AND "),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The stored config differs from what the request took its limit and terms from. */
function changedConfig(item: Record<string, unknown> | undefined, request: AdmissionRequest) {
  if (!request.fromStoredConfig || item?.config === undefined) return undefined;
  const config = storedConfig(item);
  const terms = orderTerms(config);
  const same =
    config.limits.maxOrdersPerCustomer === request.maxOrdersPerCustomer &&
    (Object.keys(terms) as (keyof OrderTerms)[]).every((k) => terms[k] === request.terms[k]);
  return same ? undefined : config;
}

/**
 * Which limit refused the start. An order already stored under the id comes first (a retry:
 * the caller answers with it), then the token, then a changed config, then the shop, then the
 * customer.
 */
function refusal(error: TransactionCanceledException, request: AdmissionRequest): Admission {
  const failed = (part: number) => failedCondition(error, part) !== undefined;
  const item = (part: number) => failedCondition(error, part)?.item;
  if (failed(PART.order)) {
    const stored = item(PART.order);
    return {
      admitted: false,
      reason: "ORDER_EXISTS",
      existing: stored ? toRecord(stored) : undefined,
    };
  }
  if (failed(PART.token)) {
    return { admitted: false, reason: refusalOf(item(PART.token), request.token, request.nowMs) };
  }
  if (failed(PART.queue)) {
    const stored = item(PART.queue);
    // Checked first: under the config as stored, the shop may be open or the queue longer.
    const config = changedConfig(stored, request);
    if (config) return { admitted: false, reason: "CONFIG_CHANGED", config };
    const open = (stored?.config as { storeOpen?: unknown } | undefined)?.storeOpen;
    return { admitted: false, reason: open === true ? "QUEUE_FULL" : "STORE_CLOSED" };
  }
  if (failed(PART.customer)) {
    const open = item(PART.customer)?.open as Set<string> | undefined;
    return { admitted: false, reason: "CUSTOMER_LIMIT", openOrderIds: [...(open ?? [])].sort() };
  }
  // Cancelled for another reason (a conflict that outlasted the retries, a throttle): not a
  // refusal the customer should see as one.
  throw new DataError(
    "TRANSACTION_CANCELLED",
    `admission cancelled: ${(error.CancellationReasons ?? []).map((r) => r.Code ?? "?").join(", ")}`,
    { cause: error },
  );
}
