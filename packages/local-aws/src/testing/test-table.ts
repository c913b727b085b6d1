/** A table keyed by `pk` and `sk` (strings) for dynalite's tests, optionally with a GSI on `status`. */
import {
  CreateTableCommand,
  type DynamoDBClient,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

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
