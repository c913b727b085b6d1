import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "./aws-clients.js";
import { startTestTables } from "./testing/local-tables.js";

describe("createAwsClients", () => {
  let tables: Awaited<ReturnType<typeof startTestTables>>;
  let clients: AwsClients;
  beforeEach(async () => {
    tables = await startTestTables();
    clients = createAwsClients({
      dynamo: {
        endpoint: tables.endpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      },
    });
  });
  afterEach(async () => {
    clients.destroy();
    await tables.close();
  });

  it("sends requests without building the SDK's request log entry", async () => {
    // The SDK's logger middleware builds its entry with the filters the request's context
    // holds: count their calls.
    let filtered = 0;
    clients.dynamo.middlewareStack.add(
      (next, context) => {
        const counted = (filter: (value: unknown) => unknown) => (value: unknown) => {
          filtered++;
          return filter(value);
        };
        context.inputFilterSensitiveLog = counted(context.inputFilterSensitiveLog);
        context.outputFilterSensitiveLog = counted(context.outputFilterSensitiveLog);
        return next;
      },
      { step: "initialize", name: "countLogFilters" },
    );

    const item = { pk: "CONFIG", sk: "CONFIG", value: 1 };
    await clients.dynamo.send(new PutCommand({ TableName: tables.names.shop, Item: item }));
    const read = await clients.dynamo.send(
      new GetCommand({ TableName: tables.names.shop, Key: { pk: "CONFIG", sk: "CONFIG" } }),
    );

    expect(read.Item).toEqual(item);
    expect(filtered).toBe(0);
  });

  it("keeps the SDK's warnings and errors callable", () => {
    const logger = clients.dynamo.config.logger;
    expect(() => logger.warn("w")).not.toThrow();
    expect(() => logger.error("e")).not.toThrow();
    expect(logger.info).toBeUndefined();
  });
});
