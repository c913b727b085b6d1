/**
 * One writer at a time per item: patches/dynalite@4.0.0.patch reads items at once (LevelDB's
 * getSync) and hands an item's lock to the next writer without waiting for a turn of the event
 * loop. Many clients at once on one hot item, through single-item updates and transactions mixed,
 * on a database kept in a directory (LevelDB, as the local stack runs it; in memory every write
 * is answered at once, so a broken lock would go unseen there).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_CLIENT_CONFIG, type LocalDynamo, startLocalDynamo } from "./local-dynamo.js";
import { createTestTable } from "./testing/test-table.js";

const TABLE = "locks";
const CLIENTS = 40;
const ROUNDS = 5;

describe("item locks, database in a directory", () => {
  let dynamo: LocalDynamo;
  let clients: DynamoDBClient[];
  let dataDir: string | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "dynalite-locks-"));
    dynamo = await startLocalDynamo({ dataDir });
    clients = Array.from(
      { length: CLIENTS },
      () => new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: dynamo.endpoint }),
    );
    await createTestTable(clients[0] as DynamoDBClient, TABLE, {});
  });

  afterAll(async () => {
    for (const each of clients ?? []) each.destroy();
    await dynamo?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const key = (pk: string) => ({ pk: { S: pk }, sk: { S: "A" } });
  const add = (pk: string, limit?: number) => ({
    TableName: TABLE,
    Key: key(pk),
    UpdateExpression: "ADD #n :one",
    ...(limit === undefined
      ? {}
      : { ConditionExpression: "attribute_not_exists(#n) OR #n < :limit" }),
    ExpressionAttributeNames: { "#n": "n" },
    ExpressionAttributeValues: {
      ":one": { N: "1" },
      ...(limit === undefined ? {} : { ":limit": { N: String(limit) } }),
    },
  });
  const count = async (pk: string) => {
    const { Item } = await (clients[0] as DynamoDBClient).send(
      new GetItemCommand({ TableName: TABLE, Key: key(pk), ConsistentRead: true }),
    );
    return Number(Item?.n?.N ?? 0);
  };
  /** ROUNDS writes from every client, all sent at once. */
  const everyClient = (write: (client: DynamoDBClient, i: number) => Promise<unknown>) =>
    Promise.allSettled(
      clients.flatMap((each, c) =>
        Array.from({ length: ROUNDS }, async (_, r) => write(each, c * ROUNDS + r)),
      ),
    );

  it("loses no increment when updates and transactions on one item interleave", async () => {
    const outcomes = await everyClient((each, i) =>
      i % 2 === 0
        ? each.send(new UpdateItemCommand(add("hot")))
        : each.send(new TransactWriteItemsCommand({ TransactItems: [{ Update: add("hot") }] })),
    );
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    expect(await count("hot")).toBe(CLIENTS * ROUNDS);
  });

  it("admits exactly up to a limit when conditional writes race on one item", async () => {
    const limit = 73;
    const outcomes = await everyClient((each, i) =>
      i % 2 === 0
        ? each.send(new UpdateItemCommand(add("limited", limit)))
        : each.send(
            new TransactWriteItemsCommand({ TransactItems: [{ Update: add("limited", limit) }] }),
          ),
    );
    const admitted = outcomes.filter((o) => o.status === "fulfilled").length;
    const refused = outcomes.filter(
      (o) =>
        o.status === "rejected" &&
        (o.reason instanceof ConditionalCheckFailedException ||
          o.reason instanceof TransactionCanceledException),
    ).length;
    expect([admitted, refused]).toEqual([limit, CLIENTS * ROUNDS - limit]);
    expect(await count("limited")).toBe(limit);
  });
});
