/** Tables keyed by `pk` and `sk` (strings) for dynalite's tests, optionally with a GSI on `status`. */
import {
  type AttributeValue,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll } from "vitest";
import { LOCAL_CLIENT_CONFIG, type LocalDynamo, startLocalDynamo } from "../local-dynamo.js";

export async function createTestTable(
  client: DynamoDBClient,
  tableName: string,
  options: { statusIndex?: boolean } = {},
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        ...(options.statusIndex ? [{ AttributeName: "status", AttributeType: "S" as const }] : []),
      ],
      ...(options.statusIndex
        ? {
            GlobalSecondaryIndexes: [
              {
                IndexName: "byStatus",
                KeySchema: [{ AttributeName: "status", KeyType: "HASH" as const }],
                Projection: { ProjectionType: "ALL" as const },
              },
            ],
          }
        : {}),
    }),
  );
  // dynalite answers ResourceNotFound until the table turns ACTIVE, a moment after creation.
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 0.05 }, { TableName: tableName });
}

/**
 * A dynalite of a test file's own (in memory, in its own process) with one test table on it that
 * has the `byStatus` index, started before the file's tests and closed after them; and the reads
 * and writes those tests share. Items are keyed `pk` and `sk` ("A" unless given).
 */
export function useTestTable(tableName: string) {
  let dynamo: LocalDynamo | undefined;
  let client: DynamoDBClient | undefined;

  beforeAll(async () => {
    dynamo = await startLocalDynamo();
    client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: dynamo.endpoint });
    await createTestTable(client, tableName, { statusIndex: true });
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the test table's dynalite has not started");
    return value;
  };
  const key = (pk: string, sk = "A") => ({ pk: { S: pk }, sk: { S: sk } });

  return {
    get dynamo(): LocalDynamo {
      return started(dynamo);
    },
    get client(): DynamoDBClient {
      return started(client);
    },
    key,
    async get(pk: string, sk = "A") {
      const { Item } = await started(client).send(
        new GetItemCommand({ TableName: tableName, Key: key(pk, sk), ConsistentRead: true }),
      );
      return Item;
    },
    async put(pk: string, attributes: Record<string, AttributeValue> = {}) {
      await started(client).send(
        new PutItemCommand({ TableName: tableName, Item: { ...key(pk), ...attributes } }),
      );
    },
    /** The `pk` of every item in the index under `status`, sorted. */
    async byStatus(status: string) {
      const { Items } = await started(client).send(
        new QueryCommand({
          TableName: tableName,
          IndexName: "byStatus",
          KeyConditionExpression: "#s = :s",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":s": { S: status } },
        }),
      );
      return (Items ?? []).map((item) => item.pk?.S).sort();
    },
  };
}

/** The error a request failed with, or a failure when it went through. */
export async function refusal(request: Promise<unknown>): Promise<Error> {
  try {
    await request;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the request went through");
}
