/**
 * What the bench's DynamoDB meter counts (`dynamo-meter-hook.ts` in the server's process), and
 * how it reads one request and its answer. Bench code only.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface DynamoTally {
  /** Requests per operation (`GetItem`, `TransactWriteItems`, ...). */
  requests: Record<string, number>;
  /** Requests per operation and item kind (`GetItem shop CONFIG`, `UpdateItem orders`). */
  byItem: Record<string, number>;
  /** Read and write capacity units consumed, as DynamoDB reports them. */
  readUnits: number;
  writeUnits: number;
  /** Milliseconds from the whole request to dynalite's answer, per operation (the server's time). */
  latencyMs: Record<string, number[]>;
  /** Milliseconds the meter itself spent in the server's process (to leave out of its CPU). */
  meterMs: number;
}

export function emptyTally(): DynamoTally {
  return { requests: {}, byItem: {}, readUnits: 0, writeUnits: 0, latencyMs: {}, meterMs: 0 };
}

/** Operations that accept `ReturnConsumedCapacity`. */
const METERED = new Set([
  "GetItem",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "Query",
  "Scan",
  "BatchGetItem",
  "BatchWriteItem",
  "TransactGetItems",
  "TransactWriteItems",
]);

type Capacity = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number };

/**
 * Counts one request into `tally` and gives the body to serve: the same, asking for the capacity
 * it consumes where the operation can report it. `answered` counts the answer.
 */
export function meterRequest(
  tally: DynamoTally,
  headers: IncomingHttpHeaders,
  body: Buffer,
): { body: Buffer; answered(answer: unknown, ms: number): void } {
  const operation = String(headers["x-amz-target"] ?? "").split(".")[1] ?? "unknown";
  tally.requests[operation] = (tally.requests[operation] ?? 0) + 1;
  let served = body;
  if (METERED.has(operation)) {
    try {
      const json = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      json.ReturnConsumedCapacity = "TOTAL";
      served = Buffer.from(JSON.stringify(json));
      const item = `${operation} ${itemKind(json)}`;
      tally.byItem[item] = (tally.byItem[item] ?? 0) + 1;
    } catch {
      // Not JSON: dynalite answers it with its own error.
    }
  }
  return {
    body: served,
    answered(answer, ms) {
      tally.latencyMs[operation] ??= [];
      tally.latencyMs[operation].push(ms);
      if (METERED.has(operation) && (Buffer.isBuffer(answer) || typeof answer === "string")) {
        countCapacity(tally, operation, answer.toString());
      }
    },
  };
}

function countCapacity(tally: DynamoTally, operation: string, answer: string): void {
  let consumed: Capacity | Capacity[] | undefined;
  try {
    consumed = (JSON.parse(answer) as { ConsumedCapacity?: Capacity | Capacity[] })
      .ConsumedCapacity;
  } catch {
    return;
  }
  for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    // Reads report read units; writes (and transactions, at twice the units) write units. A
    // server that gives only CapacityUnits is read by the kind of operation.
    const isRead = /Get|Query|Scan/.test(operation);
    tally.readUnits += c.ReadCapacityUnits ?? (isRead ? (c.CapacityUnits ?? 0) : 0);
    tally.writeUnits += c.WriteCapacityUnits ?? (isRead ? 0 : (c.CapacityUnits ?? 0));
  }
}

/** The table and, in the single-table `shop`, the kind of item (its `pk` up to a `#`). */
function itemKind(request: Record<string, unknown>): string {
  const table = String(request.TableName ?? "");
  const key = request.Key as { pk?: { S?: string } } | undefined;
  const kind = key?.pk?.S?.split("#")[0];
  if (table) return kind ? `${table} ${kind}` : table;
  // A batch read names its tables and keys: `coffee-orders + coffee-shop MENU`.
  const batch = request.RequestItems as Record<string, { Keys?: unknown[] }> | undefined;
  if (batch && !Array.isArray(Object.values(batch)[0])) {
    return Object.entries(batch)
      .flatMap(([name, { Keys = [] }]) => Keys.map((k) => itemKind({ TableName: name, Key: k })))
      .join(" + ");
  }
  return "transaction";
}
