/**
 * TransactWriteItems and TransactGetItems, which dynalite 4.0.0 lacks and patches/dynalite@4.0.0.patch
 * adds, driven by the unchanged AWS SDK client against a real dynalite.
 */
import {
  DynamoDBClient,
  QueryCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { LOCAL_CLIENT_CONFIG } from "./local-dynamo.js";
import { refusal, useTestTable } from "./testing/test-table.js";

const TABLE = "tx-items";
const table = useTestTable(TABLE);
const { key, get, put, byStatus } = table;

/** The rejection of a transaction, or a failure when it went through. */
const rejection = (items: TransactWriteItem[]) =>
  refusal(table.client.send(new TransactWriteItemsCommand({ TransactItems: items })));

describe("TransactWriteItems", () => {
  it("commits every item: put, update, delete and a passing condition check, indexes included", async () => {
    await put("commit-counter", { n: { N: "1" }, status: { S: "open" } });
    await put("commit-gone", { status: { S: "open" } });
    await put("commit-check", { open: { S: "yes" } });

    await table.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { ...key("commit-new"), status: { S: "open" } },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Update: {
              TableName: TABLE,
              Key: key("commit-counter"),
              UpdateExpression: "SET #n = #n + :one, #s = :done",
              ConditionExpression: "#n < :max",
              ExpressionAttributeNames: { "#n": "n", "#s": "status" },
              ExpressionAttributeValues: {
                ":one": { N: "1" },
                ":max": { N: "5" },
                ":done": { S: "done" },
              },
            },
          },
          { Delete: { TableName: TABLE, Key: key("commit-gone") } },
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: key("commit-check"),
              ConditionExpression: "#o = :yes",
              ExpressionAttributeNames: { "#o": "open" },
              ExpressionAttributeValues: { ":yes": { S: "yes" } },
            },
          },
        ],
      }),
    );

    expect(await get("commit-new")).toEqual({ ...key("commit-new"), status: { S: "open" } });
    expect((await get("commit-counter"))?.n).toEqual({ N: "2" });
    expect(await get("commit-gone")).toBeUndefined();
    expect(await get("commit-check")).toEqual({ ...key("commit-check"), open: { S: "yes" } });
    expect((await byStatus("open")).filter((pk) => pk?.startsWith("commit-"))).toEqual([
      "commit-new",
    ]);
    expect(await byStatus("done")).toContain("commit-counter");
  });

  it("changes nothing when a condition fails, and names the failing item in CancellationReasons", async () => {
    await put("cancel-a", { n: { N: "1" } });
    await put("cancel-b", { n: { N: "9" }, status: { S: "full" } });

    const error = await rejection([
      {
        Update: {
          TableName: TABLE,
          Key: key("cancel-a"),
          UpdateExpression: "SET n = n + :one",
          ExpressionAttributeValues: { ":one": { N: "1" } },
        },
      },
      {
        Update: {
          TableName: TABLE,
          Key: key("cancel-b"),
          UpdateExpression: "SET n = n + :one",
          ConditionExpression: "n < :max",
          ExpressionAttributeValues: { ":one": { N: "1" }, ":max": { N: "5" } },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      { Put: { TableName: TABLE, Item: { ...key("cancel-c"), status: { S: "full" } } } },
      {
        ConditionCheck: {
          TableName: TABLE,
          Key: key("cancel-missing"),
          ConditionExpression: "attribute_exists(pk)",
        },
      },
    ]);

    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toBe(
      "Transaction cancelled, please refer cancellation reasons for specific reasons " +
        "[None, ConditionalCheckFailed, None, ConditionalCheckFailed]",
    );
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: "None" },
      {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        Item: { ...key("cancel-b"), n: { N: "9" }, status: { S: "full" } },
      },
      { Code: "None" },
      // No Item: the item does not exist (and ALL_OLD was not asked for).
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
    ]);
    expect((await get("cancel-a"))?.n).toEqual({ N: "1" });
    expect((await get("cancel-b"))?.n).toEqual({ N: "9" });
    expect(await get("cancel-c")).toBeUndefined();
    expect(await byStatus("full")).toEqual(["cancel-b"]);
  });

  it("refuses two operations on one item, more than 100 items, and items with no or two operations", async () => {
    const twice = await rejection([
      { Put: { TableName: TABLE, Item: key("twice") } },
      {
        ConditionCheck: {
          TableName: TABLE,
          Key: key("twice"),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ]);
    expect(twice.name).toBe("ValidationException");
    expect(twice.message).toBe(
      "Transaction request cannot include multiple operations on one item",
    );
    expect(await get("twice")).toBeUndefined();

    const many = await rejection(
      Array.from({ length: 101 }, (_, i) => ({
        Put: { TableName: TABLE, Item: key(`many-${i}`) },
      })),
    );
    expect(many.name).toBe("ValidationException");
    expect(many.message).toMatch(
      /'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100/,
    );
    expect(await get("many-0")).toBeUndefined();

    const both = await rejection([
      {
        Put: { TableName: TABLE, Item: key("both") },
        Delete: { TableName: TABLE, Key: key("both") },
      },
    ]);
    expect(both.message).toBe("TransactItems can only contain one of Check, Put, Update or Delete");

    const noKey = await rejection([
      { Put: { TableName: TABLE, Item: { pk: { S: "no-sort-key" } } } },
    ]);
    expect(noKey.name).toBe("ValidationException");
    expect(noKey.message).toMatch(/Missing the key sk/);
  });

  it("commits exactly as many as a counter's condition admits when 50 clients send at once", async () => {
    const clients = Array.from(
      { length: 50 },
      () => new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: table.dynamo.endpoint }),
    );
    try {
      const outcomes = await Promise.allSettled(
        clients.map((each, i) =>
          each.send(
            new TransactWriteItemsCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: TABLE,
                    Key: key("admission"),
                    UpdateExpression: "SET #c = if_not_exists(#c, :zero) + :one",
                    ConditionExpression: "attribute_not_exists(#c) OR #c < :limit",
                    ExpressionAttributeNames: { "#c": "count" },
                    ExpressionAttributeValues: {
                      ":zero": { N: "0" },
                      ":one": { N: "1" },
                      ":limit": { N: "20" },
                    },
                  },
                },
                {
                  Put: {
                    TableName: TABLE,
                    Item: { ...key("admitted", `client-${i}`), status: { S: "admitted" } },
                    ConditionExpression: "attribute_not_exists(pk)",
                  },
                },
              ],
            }),
          ),
        ),
      );
      const admitted = outcomes.filter((o) => o.status === "fulfilled").length;
      const refused = outcomes.filter(
        (o) => o.status === "rejected" && o.reason instanceof TransactionCanceledException,
      ).length;
      expect([admitted, refused]).toEqual([20, 30]);
      expect((await get("admission"))?.count).toEqual({ N: "20" });
      const { Items } = await table.client.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": { S: "admitted" } },
        }),
      );
      expect(Items).toHaveLength(20);
    } finally {
      for (const each of clients) each.destroy();
    }
  });

  it("answers a retry with the same ClientRequestToken without applying it twice", async () => {
    const increment = (token: string, by: string) =>
      new TransactWriteItemsCommand({
        ClientRequestToken: token,
        TransactItems: [
          {
            Update: {
              TableName: TABLE,
              Key: key("idempotent"),
              UpdateExpression: "ADD n :by",
              ExpressionAttributeValues: { ":by": { N: by } },
            },
          },
        ],
      });
    await table.client.send(increment("token-1", "1"));
    await table.client.send(increment("token-1", "1"));
    expect((await get("idempotent"))?.n).toEqual({ N: "1" });
    await expect(table.client.send(increment("token-1", "2"))).rejects.toMatchObject({
      name: "IdempotentParameterMismatchException",
    });
    await table.client.send(increment("token-2", "1"));
    expect((await get("idempotent"))?.n).toEqual({ N: "2" });
  });

  it("answers a retry as DynamoDB does: the read units of its items, and nothing written", async () => {
    const command = new TransactWriteItemsCommand({
      ClientRequestToken: "token-units",
      ReturnConsumedCapacity: "TOTAL",
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: key("units"),
            UpdateExpression: "ADD n :one",
            ExpressionAttributeValues: { ":one": { N: "1" } },
          },
        },
      ],
    });
    const first = await table.client.send(command);
    expect(first.ConsumedCapacity).toEqual([
      { TableName: TABLE, CapacityUnits: 2, WriteCapacityUnits: 2 },
    ]);
    const retry = await table.client.send(command);
    expect(retry.ConsumedCapacity).toEqual([
      { TableName: TABLE, CapacityUnits: 2, ReadCapacityUnits: 2 },
    ]);
    expect((await get("units"))?.n).toEqual({ N: "1" });
  });

  it("applies a request sent many times at once with one token once", async () => {
    const clients = Array.from(
      { length: 8 },
      () => new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: table.dynamo.endpoint }),
    );
    try {
      const command = new TransactWriteItemsCommand({
        ClientRequestToken: "token-at-once",
        TransactItems: [
          {
            Update: {
              TableName: TABLE,
              Key: key("at-once"),
              UpdateExpression: "ADD n :one",
              ExpressionAttributeValues: { ":one": { N: "1" } },
            },
          },
          {
            Put: { TableName: TABLE, Item: { ...key("at-once-log"), by: { S: "token-at-once" } } },
          },
        ],
      });
      await Promise.all(clients.map((client) => client.send(command)));
      expect((await get("at-once"))?.n).toEqual({ N: "1" });
    } finally {
      for (const each of clients) each.destroy();
    }
  });

  it("takes the same attributes in another order for the same request", async () => {
    const putBoth = (item: Record<string, { S: string }>) =>
      new TransactWriteItemsCommand({
        ClientRequestToken: "token-order",
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { ...key("ordered"), ...item },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      });
    await table.client.send(putBoth({ a: { S: "1" }, b: { S: "2" } }));
    // Applied again, its condition would fail; refused as another request, it would throw.
    await table.client.send(putBoth({ b: { S: "2" }, a: { S: "1" } }));
    expect(await get("ordered")).toMatchObject({ a: { S: "1" }, b: { S: "2" } });
  });

  it("tells requests with the same token apart by every attribute, '_'-named ones too", async () => {
    const putNote = (note: string) =>
      new TransactWriteItemsCommand({
        ClientRequestToken: "token-notes",
        TransactItems: [
          { Put: { TableName: TABLE, Item: { ...key("noted"), _note: { S: note } } } },
        ],
      });
    await table.client.send(putNote("first"));
    await expect(table.client.send(putNote("second"))).rejects.toMatchObject({
      name: "IdempotentParameterMismatchException",
    });
    expect((await get("noted"))?._note).toEqual({ S: "first" });
  });

  it("reports a ValidationError for the item an update cannot apply to, and changes nothing", async () => {
    await put("typed", { label: { S: "text" } });
    const error = await rejection([
      { Put: { TableName: TABLE, Item: key("typed-other") } },
      {
        Update: {
          TableName: TABLE,
          Key: key("typed"),
          UpdateExpression: "SET label = label + :one",
          ExpressionAttributeValues: { ":one": { N: "1" } },
        },
      },
    ]);
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: "None" },
      {
        Code: "ValidationError",
        Message: "An operand in the update expression has an incorrect data type",
      },
    ]);
    expect(await get("typed-other")).toBeUndefined();
  });
});

describe("TransactGetItems", () => {
  it("reads several items at once, in order, with projections and missing items", async () => {
    await put("read-1", { n: { N: "1" }, label: { S: "one" } });
    await put("read-2", { n: { N: "2" }, label: { S: "two" } });
    const { Responses } = await table.client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: TABLE, Key: key("read-2") } },
          { Get: { TableName: TABLE, Key: key("read-missing") } },
          {
            Get: {
              TableName: TABLE,
              Key: key("read-1"),
              ProjectionExpression: "#l",
              ExpressionAttributeNames: { "#l": "label" },
            },
          },
        ],
      }),
    );
    expect(Responses).toEqual([
      { Item: { ...key("read-2"), n: { N: "2" }, label: { S: "two" } } },
      {},
      { Item: { label: { S: "one" } } },
    ]);
  });

  it("refuses two reads of one item", async () => {
    await expect(
      table.client.send(
        new TransactGetItemsCommand({
          TransactItems: [
            { Get: { TableName: TABLE, Key: key("read-1") } },
            { Get: { TableName: TABLE, Key: key("read-1") } },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "Transaction request cannot include multiple operations on one item",
    });
  });
});
