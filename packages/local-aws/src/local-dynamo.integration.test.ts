import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { LOCAL_CLIENT_CONFIG, type LocalDynamo, startLocalDynamo } from "./local-dynamo.js";

const tables = { orders: "test-orders", shop: "test-shop" };

describe("startLocalDynamo", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(options: Parameters<typeof startLocalDynamo>[0]) {
    const dynamo = await startLocalDynamo(options);
    cleanups.push(() => dynamo.close());
    const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: dynamo.endpoint });
    cleanups.push(() => client.destroy());
    return { dynamo, client };
  }

  it("serves on a loopback port and creates the app's tables with their indexes", async () => {
    const { dynamo, client } = await start({ tables });
    expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: "test-orders" }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
      "byCustomer",
      "byStatus",
    ]);
    const shop = await client.send(new DescribeTableCommand({ TableName: "test-shop" }));
    expect(shop.Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
  });

  it("keeps data across restarts when given a data directory", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "local-dynamo-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const put = async (endpoint: string) => {
      const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint });
      await client.send(
        new PutItemCommand({
          TableName: "test-shop",
          Item: { pk: { S: "CONFIG" }, sk: { S: "CONFIG" }, open: { BOOL: true } },
        }),
      );
      client.destroy();
    };
    const first = await startLocalDynamo({ dataDir, tables });
    await put(first.endpoint);
    await first.close();

    // Creating tables again on the same directory is a no-op, and the item is still there.
    const { client } = await start({ dataDir, tables });
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: "test-shop",
        Key: { pk: { S: "CONFIG" }, sk: { S: "CONFIG" } },
      }),
    );
    expect(Item?.open).toEqual({ BOOL: true });
  });

  it("starts empty without a data directory", async () => {
    const first: LocalDynamo = await startLocalDynamo({ tables });
    await first.close();
    const { client } = await start({});
    await expect(
      client.send(new DescribeTableCommand({ TableName: "test-orders" })),
    ).rejects.toThrow(/not found|ResourceNotFound/i);
  });
});
