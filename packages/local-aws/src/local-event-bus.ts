/**
 * A local EventBridge endpoint: an HTTP server that speaks `AWSEvents.PutEvents` (AWS JSON 1.1),
 * so an unchanged `@aws-sdk/client-eventbridge` client can publish to it, and that hands every
 * accepted entry to in-process subscribers (the local stack's event stream, or a test).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listenOnLoopback } from "./listen.js";

export interface BusEntry {
  id: string;
  source: string;
  detailType: string;
  /** The parsed JSON `Detail`. */
  detail: unknown;
  /** ISO-8601 time of the event (the entry's `Time`, or when it was received). */
  time: string;
  eventBusName: string;
  resources: string[];
}

export type BusListener = (entry: BusEntry) => void;

export interface LocalEventBus {
  /** Base URL for `AWS_ENDPOINT_URL_EVENTS` or a client's `endpoint`. */
  endpoint: string;
  /** Calls `listener` for every entry published from now on; answers an unsubscribe function. */
  subscribe(listener: BusListener): () => void;
  /** The entries accepted so far, oldest first (the last `keep` of them). */
  received(): BusEntry[];
  close(): Promise<void>;
}

interface PutEventsRequestEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Time?: unknown;
  Resources?: unknown;
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const JSON_11 = "application/x-amz-json-1.1";
// PutEvents accepts at most 10 entries per call, as the service does.
const MAX_ENTRIES = 10;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": JSON_11, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { __type: type, message });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** `Time` arrives as epoch seconds from the SDK; anything unreadable means "now". */
function entryTime(time: unknown): string {
  if (typeof time === "number" && Number.isFinite(time)) return new Date(time * 1000).toISOString();
  if (typeof time === "string" && !Number.isNaN(Date.parse(time))) {
    return new Date(time).toISOString();
  }
  return new Date().toISOString();
}

function toEntry(raw: PutEventsRequestEntry): BusEntry | { error: string } {
  if (typeof raw.Source !== "string" || raw.Source === "") return { error: "Source is required" };
  if (typeof raw.DetailType !== "string" || raw.DetailType === "") {
    return { error: "DetailType is required" };
  }
  if (typeof raw.Detail !== "string") return { error: "Detail is required" };
  let detail: unknown;
  try {
    detail = JSON.parse(raw.Detail);
  } catch {
    return { error: "Detail is malformed." };
  }
  if (detail === null || typeof detail !== "object" || Array.isArray(detail)) {
    return { error: "Detail is malformed." };
  }
  return {
    id: randomUUID(),
    source: raw.Source,
    detailType: raw.DetailType,
    detail,
    time: entryTime(raw.Time),
    eventBusName: typeof raw.EventBusName === "string" ? raw.EventBusName : "default",
    resources: Array.isArray(raw.Resources)
      ? raw.Resources.filter((r): r is string => typeof r === "string")
      : [],
  };
}

export interface LocalEventBusOptions {
  port?: number;
  /**
   * How many of the latest entries `received()` keeps (default 10,000). The stack runs for
   * days under `pnpm start`; an unbounded log grew by every event of every order.
   */
  keep?: number;
}

export async function startLocalEventBus(
  options: LocalEventBusOptions = {},
): Promise<LocalEventBus> {
  const listeners = new Set<BusListener>();
  const keep = Math.max(1, options.keep ?? 10_000);
  const log: BusEntry[] = [];

  const deliver = (entry: BusEntry) => {
    log.push(entry);
    // Trimmed in halves so that each entry is moved at most once.
    if (log.length >= 2 * keep) log.splice(0, log.length - keep);
    for (const listener of listeners) {
      // A failing subscriber must not fail the publisher's call nor starve other subscribers.
      try {
        listener(entry);
      } catch {}
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const target = req.headers["x-amz-target"];
    if (req.method !== "POST" || target !== "AWSEvents.PutEvents") {
      return sendError(res, 400, "UnknownOperationException", `unsupported operation ${target}`);
    }
    let body: { Entries?: unknown };
    try {
      body = JSON.parse(await readBody(req)) as { Entries?: unknown };
    } catch {
      return sendError(res, 400, "SerializationException", "request body is not JSON");
    }
    const entries = body.Entries;
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES) {
      return sendError(
        res,
        400,
        "ValidationException",
        `Entries must hold between 1 and ${MAX_ENTRIES} entries`,
      );
    }
    const results: EntryResult[] = [];
    let failed = 0;
    for (const raw of entries as PutEventsRequestEntry[]) {
      const entry = toEntry(raw ?? {});
      if ("error" in entry) {
        failed++;
        results.push({ ErrorCode: "InvalidArgument", ErrorMessage: entry.error });
      } else {
        deliver(entry);
        results.push({ EventId: entry.id });
      }
    }
    sendJson(res, 200, { FailedEntryCount: failed, Entries: results });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendError(res, 500, "InternalException", String(error));
    });
  });
  const endpoint = await listenOnLoopback(server, options.port);
  return {
    endpoint,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    received: () => log.slice(-keep),
    close: () => closeServer(server),
  };
}
