/**
 * DynamoDB keeps every TransactWriteItems ClientRequestToken for ten minutes, so a retry within
 * them is answered without being applied twice; patches/dynalite@4.0.0.patch does the same and
 * keeps, per token, only the SHA-256 of its request and when it was applied. A shop makes three
 * transactions per order: what each token costs dynalite's heap is what it grows by per order
 * for ten minutes. dynalite runs alone in a child process here (see the iterators test).
 */
import { randomUUID } from "node:crypto";
import { TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { afterEach, expect, it } from "vitest";
import { type HeapMeasure, startHeapProbe } from "./testing/heap-probe.js";
import { createTestTable } from "./testing/test-table.js";

const TABLE = "token-items";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

// Thousands of requests: the timeout is a generous bound for a busy machine, not a measure.
it("keeps little heap per transaction token inside the idempotency window", async () => {
  const probe = await startHeapProbe();
  cleanups.push(() => probe.close());
  const { client, measure } = probe;
  await createTestTable(client, TABLE);
  const key = (i: number) => ({ pk: { S: `item-${i % 20}` }, sk: { S: "A" } });

  /** Transactions as the shop's: two items each, the same twenty items over and over. */
  async function transactions(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await client.send(
        new TransactWriteItemsCommand({
          ClientRequestToken: randomUUID(),
          ReturnConsumedCapacity: "TOTAL",
          TransactItems: [
            {
              Update: {
                TableName: TABLE,
                Key: key(i),
                UpdateExpression: "SET n = if_not_exists(n, :zero) + :one",
                ExpressionAttributeValues: { ":zero": { N: "0" }, ":one": { N: "1" } },
              },
            },
            {
              Update: {
                TableName: TABLE,
                Key: key(i + 7),
                UpdateExpression: "SET #s = :s",
                ExpressionAttributeNames: { "#s": "status" },
                ExpressionAttributeValues: { ":s": { S: `step-${i % 5}` } },
              },
            },
          ],
        }),
      );
    }
  }

  await transactions(500);
  const before = await measure();
  const count = 4_000;
  await transactions(count);
  const after = await measure();
  // Compiled code still grows here (V8 optimizing dynalite's functions, ≈100 bytes a
  // transaction in this run), by a bound; the rest is what the tokens keep. Kept with its answer
  // (the patch before), a token cost ≈510 bytes here; with its digest and time, ≈230.
  const data = (measured: HeapMeasure) => measured.heapUsed - measured.code;
  expect((data(after) - data(before)) / count).toBeLessThan(350);
}, 600_000);
