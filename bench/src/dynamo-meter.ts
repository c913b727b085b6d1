/**
 * A metering proxy for a DynamoDB endpoint: every request passes through unchanged except that it
 * asks for `ReturnConsumedCapacity: TOTAL`, and the proxy tallies requests per operation and the
 * capacity units DynamoDB says each consumed. The stack under test is pointed at the proxy with
 * `AWS_ENDPOINT_URL_DYNAMODB`, as it would be pointed at any DynamoDB. Bench code only.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface DynamoTally {
  /** Requests per operation (`GetItem`, `TransactWriteItems`, ...). */
  requests: Record<string, number>;
  /** Requests per operation and item kind (`GetItem shop CONFIG`, `UpdateItem orders`). */
  byItem: Record<string, number>;
  /** Read and write capacity units consumed, as DynamoDB reports them. */
  readUnits: number;
  writeUnits: number;
  /** Milliseconds from the request reaching the proxy to the server's answer, per operation. */
  latencyMs: Record<string, number[]>;
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

export class DynamoMeter {
  readonly #server: Server;
  #tally: DynamoTally = empty();

  private constructor(target: URL) {
    this.#server = createServer(async (req, res) => {
      const began = performance.now();
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "unknown";
      let body = Buffer.concat(chunks);
      if (METERED.has(operation)) {
        const json = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
        json.ReturnConsumedCapacity = "TOTAL";
        body = Buffer.from(JSON.stringify(json));
        const item = `${operation} ${itemKind(json)}`;
        this.#tally.byItem[item] = (this.#tally.byItem[item] ?? 0) + 1;
      }
      this.#tally.requests[operation] = (this.#tally.requests[operation] ?? 0) + 1;
      const headers = { ...req.headers, "content-length": String(body.length), host: target.host };
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers },
        async (answer) => {
          const parts: Buffer[] = [];
          for await (const part of answer) parts.push(part as Buffer);
          const text = Buffer.concat(parts);
          this.#count(operation, text);
          const samples = this.#tally.latencyMs[operation] ?? [];
          samples.push(performance.now() - began);
          this.#tally.latencyMs[operation] = samples;
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          res.end(text);
        },
      );
      upstream.on("error", (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      upstream.end(body);
    });
  }

  static async start(target: string): Promise<DynamoMeter & { endpoint: string }> {
    const meter = new DynamoMeter(new URL(target));
    await new Promise<void>((resolve) => meter.#server.listen(0, "127.0.0.1", resolve));
    const { port } = meter.#server.address() as AddressInfo;
    return Object.assign(meter, { endpoint: `http://127.0.0.1:${port}` });
  }

  /** What was counted since the last reset. */
  tally(): DynamoTally {
    return structuredClone(this.#tally);
  }

  reset(): void {
    this.#tally = empty();
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #count(operation: string, answer: Buffer): void {
    if (!METERED.has(operation)) return;
    let consumed: Capacity | Capacity[] | undefined;
    try {
      consumed = (
        JSON.parse(answer.toString("utf8")) as { ConsumedCapacity?: Capacity | Capacity[] }
      ).ConsumedCapacity;
    } catch {
      return;
    }
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      // Reads report read units; writes (and transactions, at twice the units) write units. A
      // server that gives only CapacityUnits is read by the kind of operation.
      const isRead = /Get|Query|Scan/.test(operation);
      const read = c.ReadCapacityUnits ?? (isRead ? (c.CapacityUnits ?? 0) : 0);
      const write = c.WriteCapacityUnits ?? (isRead ? 0 : (c.CapacityUnits ?? 0));
      this.#tally.readUnits += read;
      this.#tally.writeUnits += write;
    }
  }
}

/** The table and, in the single-table `shop`, the kind of item (its `pk` up to a `#`). */
function empty(): DynamoTally {
  return { requests: {}, byItem: {}, readUnits: 0, writeUnits: 0, latencyMs: {} };
}

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
