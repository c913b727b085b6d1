/**
 * dynalite 4.0.0 never closed the LevelDB iterator behind a Query or Scan, so every request left
 * one attached to the database for good and its memory grew without bound;
 * patches/dynalite@4.0.0.patch closes them. dynalite runs alone in a child process here, so its
 * heap is measured without the test's own allocations.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { afterEach, expect, it } from "vitest";
import { LOCAL_CLIENT_CONFIG } from "./local-dynamo.js";
import { createTestTable } from "./testing/test-table.js";

const PROBE = fileURLToPath(new URL("./testing/dynalite-heap-probe.ts", import.meta.url));
const TABLE = "leak-items";

interface Measure {
  heapUsed: number;
  openResources: number;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function startProbe(dataDir?: string) {
  const probe: ChildProcess = fork(PROBE, dataDir ? [dataDir] : [], {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  cleanups.push(() => probe.disconnect());
  const nextMessage = <T>() =>
    new Promise<T>((resolve, reject) => {
      probe.once("message", (message) => resolve(message as T));
      probe.once("exit", (code) => reject(new Error(`the probe exited (${code})`)));
    });
  const { endpoint } = await nextMessage<{ endpoint: string }>();
  const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint });
  cleanups.push(() => client.destroy());
  await createTestTable(client, TABLE);
  for (let i = 0; i < 200; i++) {
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: `p${i % 20}` }, sk: { S: `s${i}` }, v: { S: "x".repeat(200) } },
      }),
    );
  }

  /** Queries that stop early (Limit) and that read to the end, and Scans, as the app's reads do. */
  async function reads(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await client.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": { S: `p${i % 20}` } },
          Limit: i % 2 === 0 ? 3 : undefined,
        }),
      );
      if (i % 50 === 0) await client.send(new ScanCommand({ TableName: TABLE, Limit: 5 }));
    }
  }
  async function measure(): Promise<Measure> {
    const answer = nextMessage<Measure>();
    probe.send("measure");
    return answer;
  }
  return { reads, measure };
}

// Thousands of requests: the timeouts are generous bounds for a busy machine, not measures.
it("closes every query's iterator and keeps dynalite's heap flat over thousands of queries", async () => {
  const { reads, measure } = await startProbe();
  await reads(500);
  const before = await measure();
  await reads(4_000);
  const after = await measure();
  // Unpatched: 4,000 more open iterators, one per Query and Scan.
  expect(after.openResources).toBe(before.openResources);
  expect(after.heapUsed / before.heapUsed).toBeLessThan(1.1);
}, 600_000);

it("closes them on a database kept in a directory too", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "dynalite-iterators-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const { reads, measure } = await startProbe(dataDir);
  const before = await measure();
  await reads(500);
  expect((await measure()).openResources).toBe(before.openResources);
}, 600_000);
