/**
 * What patches/dynalite@4.0.0.patch does to save work per request must not change any answer:
 * parsed expressions are reused by requests with the same expression text (each with its own
 * names and values), an item and its index entries are written in one batch, and the item calls
 * reuse table descriptions until a table is written. Driven by the AWS SDK client against a real
 * dynalite in its own process.
 */
import {
  type AttributeValue,
  DeleteItemCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  waitUntilTableNotExists,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { createTestTable, refusal, useTestTable } from "./testing/test-table.js";

const TABLE = "expr-items";
const table = useTestTable(TABLE);
const { key, get, put, byStatus } = table;

async function update(pk: string, input: Omit<UpdateItemCommandInput, "TableName" | "Key">) {
  return table.client.send(new UpdateItemCommand({ TableName: TABLE, Key: key(pk), ...input }));
}

describe("the same expression text in many requests", () => {
  it("applies each request's own names and values", async () => {
    await put("same-text", { n: { N: "1" }, label: { S: "start" } });
    const setIf = (names: Record<string, string>, values: Record<string, AttributeValue>) =>
      update("same-text", {
        UpdateExpression: "SET #f = :v",
        ConditionExpression: "#c = :expect",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      });

    const first = await setIf(
      { "#f": "label", "#c": "n" },
      { ":v": { S: "first" }, ":expect": { N: "1" } },
    );
    expect(first.Attributes?.label).toEqual({ S: "first" });

    // Same text, the condition now false for this request's value.
    const failed = await refusal(
      setIf({ "#f": "other", "#c": "n" }, { ":v": { S: "second" }, ":expect": { N: "2" } }),
    );
    expect(failed.name).toBe("ConditionalCheckFailedException");

    // Same text, other names and other value types.
    await setIf({ "#f": "other", "#c": "label" }, { ":v": { N: "3" }, ":expect": { S: "first" } });

    // The first request's names again, with other values.
    const again = await refusal(
      setIf({ "#f": "label", "#c": "n" }, { ":v": { S: "never" }, ":expect": { N: "5" } }),
    );
    expect(again.name).toBe("ConditionalCheckFailedException");
    await setIf({ "#f": "label", "#c": "n" }, { ":v": { S: "last" }, ":expect": { N: "1" } });

    expect(await get("same-text")).toEqual({
      ...key("same-text"),
      n: { N: "1" },
      label: { S: "last" },
      other: { N: "3" },
    });
  });

  it("resolves a name that differs from request to request", async () => {
    await put("named", { m: { M: {} } });
    const setKey = (name: string, value: string, extra: Record<string, string> = {}) =>
      update("named", {
        UpdateExpression: "SET #m.#k = :v",
        ExpressionAttributeNames: { "#m": "m", "#k": name, ...extra },
        ExpressionAttributeValues: { ":v": { S: value } },
      });
    await setKey("a", "1");
    await setKey("b", "2");
    await setKey("a", "3");
    // A name the text does not use is refused, as on the first use of the text.
    const unused = await refusal(setKey("c", "4", { "#x": "x" }));
    expect(unused.message).toMatch(/unused in expressions: keys: \{#x\}/);
    expect((await get("named"))?.m).toEqual({ M: { a: { S: "3" }, b: { S: "2" } } });
  });

  it("refuses names that make paths overlap or operands repeat, after the text was fine", async () => {
    await put("overlap", { a: { S: "1" } });
    const setBoth = (first: string, second: string) =>
      update("overlap", {
        UpdateExpression: "SET #p = :v REMOVE #q",
        ExpressionAttributeNames: { "#p": first, "#q": second },
        ExpressionAttributeValues: { ":v": { S: "x" } },
      });
    const compare = (first: string, second: string) =>
      update("overlap", {
        UpdateExpression: "SET #seen = :v",
        ConditionExpression: "#l = #r",
        ExpressionAttributeNames: { "#seen": "seen", "#l": first, "#r": second },
        ExpressionAttributeValues: { ":v": { S: "x" } },
      });
    const sameText = "SET #p = :v REMOVE gone";

    await setBoth("b", "a");
    expect((await refusal(compare("a", "b"))).name).toBe("ConditionalCheckFailedException");
    for (let round = 0; round < 2; round++) {
      // Two names for one attribute.
      const twice = await refusal(setBoth("c", "c"));
      expect(twice.message).toMatch(/Two document paths overlap.*\[c\].*\[c\]/);
      const same = await refusal(compare("a", "a"));
      expect(same.message).toMatch(/first operand must be distinct.*\[a\]/);
      // A name for an attribute the text names as a word.
      await update("overlap", {
        UpdateExpression: sameText,
        ExpressionAttributeNames: { "#p": "kept" },
        ExpressionAttributeValues: { ":v": { S: "x" } },
      });
      const word = await refusal(
        update("overlap", {
          UpdateExpression: sameText,
          ExpressionAttributeNames: { "#p": "gone" },
          ExpressionAttributeValues: { ":v": { S: "x" } },
        }),
      );
      expect(word.message).toMatch(/Two document paths overlap.*\[gone\].*\[gone\]/);
    }
    expect(await get("overlap")).toEqual({ ...key("overlap"), b: { S: "x" }, kept: { S: "x" } });
  });

  it("refuses an invalid use of a text every time, before and after valid uses of it", async () => {
    await put("refused", { n: { N: "10" } });
    const add = (values: Record<string, AttributeValue>, expression = "SET #n = #n + :d") =>
      update("refused", {
        UpdateExpression: expression,
        ExpressionAttributeNames: { "#n": "n" },
        ExpressionAttributeValues: values,
      });

    for (let round = 0; round < 2; round++) {
      // A string where `+` needs a number.
      const wrongType = await refusal(add({ ":d": { S: "one" } }));
      expect(wrongType.name).toBe("ValidationException");
      expect(wrongType.message).toMatch(/Incorrect operand type/);

      await add({ ":d": { N: "1" } });

      // The value the text names is not given.
      const missing = await refusal(add({ ":e": { N: "1" } }));
      expect(missing.message).toMatch(/attribute value used in expression is not defined/);

      // A value the text does not use.
      const unused = await refusal(add({ ":d": { N: "1" }, ":x": { N: "1" } }));
      expect(unused.message).toMatch(/unused in expressions: keys: \{:x\}/);

      const syntax = await refusal(add({ ":d": { N: "1" } }, "SET #n = = :d"));
      expect(syntax.message).toMatch(/Syntax error/);
    }

    // Only the two valid additions were applied.
    expect((await get("refused"))?.n).toEqual({ N: "12" });
  });

  it("checks a condition's operand types per request", async () => {
    await put("typed", { tags: { SS: ["a", "b"] } });
    const sizeBelow = (max: AttributeValue) =>
      update("typed", {
        UpdateExpression: "SET #seen = :true",
        ConditionExpression: "size(#tags) < :max",
        ExpressionAttributeNames: { "#tags": "tags", "#seen": "seen" },
        ExpressionAttributeValues: { ":max": max, ":true": { BOOL: true } },
      });

    await sizeBelow({ N: "3" });
    expect((await refusal(sizeBelow({ N: "2" }))).name).toBe("ConditionalCheckFailedException");
    // The size of a set is a number: compared with a string it never holds.
    expect((await refusal(sizeBelow({ S: "3" }))).name).toBe("ConditionalCheckFailedException");
    expect((await get("typed"))?.seen).toEqual({ BOOL: true });
  });

  it("answers a key condition written the other way round, used again, with its own value", async () => {
    await put("kc-1", { v: { N: "1" } });
    await put("kc-2", { v: { N: "2" } });
    const query = async (pk: string) => {
      const { Items } = await table.client.send(
        new QueryCommand({
          TableName: TABLE,
          // Operands swapped: dynalite turns the parsed condition around in place.
          KeyConditionExpression: ":pk = #pk",
          ExpressionAttributeNames: { "#pk": "pk" },
          ExpressionAttributeValues: { ":pk": { S: pk } },
        }),
      );
      return (Items ?? []).map((item) => item.v?.N);
    };
    expect(await query("kc-1")).toEqual(["1"]);
    expect(await query("kc-2")).toEqual(["2"]);
    expect(await query("kc-1")).toEqual(["1"]);
  });
});

describe("an item and its index entries", () => {
  it("moves an item between index entries on update, put and delete", async () => {
    await put("indexed", { status: { S: "idx-open" } });
    expect(await byStatus("idx-open")).toEqual(["indexed"]);

    await update("indexed", {
      UpdateExpression: "SET #s = :s",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": { S: "idx-done" } },
    });
    expect(await byStatus("idx-open")).toEqual([]);
    expect(await byStatus("idx-done")).toEqual(["indexed"]);

    // Replaced by an item without the indexed attribute: out of the index.
    await put("indexed", { other: { S: "x" } });
    expect(await byStatus("idx-done")).toEqual([]);

    await put("indexed", { status: { S: "idx-back" } });
    await table.client.send(new DeleteItemCommand({ TableName: TABLE, Key: key("indexed") }));
    expect(await byStatus("idx-back")).toEqual([]);
    expect(await get("indexed")).toBeUndefined();
  });

  it("writes nothing when the condition fails", async () => {
    await put("guarded", { status: { S: "guard-open" }, n: { N: "1" } });
    const failed = await refusal(
      update("guarded", {
        UpdateExpression: "SET #s = :s",
        ConditionExpression: "#n = :two",
        ExpressionAttributeNames: { "#s": "status", "#n": "n" },
        ExpressionAttributeValues: { ":s": { S: "guard-done" }, ":two": { N: "2" } },
      }),
    );
    expect(failed.name).toBe("ConditionalCheckFailedException");
    expect(await byStatus("guard-open")).toEqual(["guarded"]);
    expect(await byStatus("guard-done")).toEqual([]);
  });
});

describe("table descriptions", () => {
  it("uses a table created again under the same name with its new key schema", async () => {
    const name = "expr-recreated";
    await createTestTable(table.client, name);
    await table.client.send(
      new PutItemCommand({ TableName: name, Item: { pk: { S: "p" }, sk: { S: "s" } } }),
    );

    await table.client.send(new DeleteTableCommand({ TableName: name }));
    await waitUntilTableNotExists(
      { client: table.client, maxWaitTime: 60, minDelay: 0.05 },
      { TableName: name },
    );
    const gone = await refusal(
      table.client.send(
        new GetItemCommand({ TableName: name, Key: { pk: { S: "p" }, sk: { S: "s" } } }),
      ),
    );
    expect(gone.name).toBe("ResourceNotFoundException");

    // The new table has an index the old one had not: an item call that used the old
    // description would leave the item out of it.
    await createTestTable(table.client, name, { statusIndex: true });
    const { Item } = await table.client.send(
      new GetItemCommand({ TableName: name, Key: { pk: { S: "p" }, sk: { S: "s" } } }),
    );
    expect(Item).toBeUndefined();
    await table.client.send(
      new PutItemCommand({
        TableName: name,
        Item: { pk: { S: "q" }, sk: { S: "s" }, status: { S: "new-table" } },
      }),
    );
    const { Items } = await table.client.send(
      new QueryCommand({
        TableName: name,
        IndexName: "byStatus",
        KeyConditionExpression: "#s = :s",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":s": { S: "new-table" } },
      }),
    );
    expect(Items?.map((item) => item.pk?.S)).toEqual(["q"]);
  });
});
