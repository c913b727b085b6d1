/**
 * dynalite 4.0.0 never closed the LevelDB iterator behind a Query or Scan, so every request left
 * one attached to the database for good and its memory grew without bound;
 * patches/dynalite@4.0.0.patch closes them. dynalite runs alone in a child process here, so its
 * heap is measured without the test's own allocations.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterEach, expect, it } from "vitest";
import { startHeapProbe } from "./testing/heap-probe.js";
import { createTestTable } from "./testing/test-table.js";

const TABLE = "leak-items";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function startProbe(dataDir?: string) {
  const probe = await startHeapProbe(dataDir);
  cleanups.push(() => probe.close());
  const { client, raw, measure } = probe;
  await createTestTable(client, TABLE);
  for (let i = 0; i < 200; i++) {
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: `p${i % 20}` }, sk: { S: `s${i}` }, v: { S: "x".repeat(200) } },
      }),
    );
  }

  /**
   * Queries that stop early (Limit) and that read to the end, and Scans, as the app's reads do;
   * sent without the SDK (raw-dynamo.ts), whose CPU per request was most of this file's.
   */
  async function reads(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await raw.send("Query", {
        TableName: TABLE,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": { S: `p${i % 20}` } },
        ...(i % 2 === 0 ? { Limit: 3 } : {}),
      });
      if (i % 50 === 0) await raw.send("Scan", { TableName: TABLE, Limit: 5 });
    }
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
