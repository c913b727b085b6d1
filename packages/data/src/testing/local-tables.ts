/**
 * Test wiring for the data layer's own tests: an in-memory dynalite with the app's tables and a
 * PutEvents capture server. (Other packages use @coffee/local-aws; this package cannot, since
 * local-aws depends on it.)
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import dynalite from "dynalite";
import { toDocumentClient } from "../aws-clients.js";
import { createTables, type TableNames } from "../tables.js";

const LOCAL = {
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startTestTables(names: TableNames = { orders: "orders", shop: "shop" }) {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const endpoint = await listen(server);
  const client = new DynamoDBClient({ ...LOCAL, endpoint });
  await createTables(client, names);
  return {
    names,
    endpoint,
    db: toDocumentClient(client),
    async close() {
      client.destroy();
      await close(server);
    },
  };
}

export interface CapturedEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
  Time?: number;
}

/** Answers PutEvents with success (or with a failed entry when `fail` is set) and keeps entries. */
export async function startPutEventsCapture() {
  const entries: CapturedEntry[] = [];
  let fail = false;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { Entries: CapturedEntry[] };
    if (!fail) entries.push(...body.Entries);
    const results = body.Entries.map((_, i) =>
      fail ? { ErrorCode: "InternalFailure", ErrorMessage: "boom" } : { EventId: `e${i}` },
    );
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify({ FailedEntryCount: fail ? results.length : 0, Entries: results }));
  });
  const endpoint = await listen(server);
  const client = new EventBridgeClient({ ...LOCAL, endpoint });
  return {
    client,
    entries,
    failNext(value: boolean) {
      fail = value;
    },
    async close() {
      client.destroy();
      await close(server);
    },
  };
}
