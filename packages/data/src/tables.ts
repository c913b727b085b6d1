/** The app's DynamoDB tables as plain data, shared by infra (CDK) and local table creation. */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";

export type AttributeType = "S" | "N";

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface GlobalSecondaryIndex {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndex[];
}

/**
 * `orders`: one item per order, read by id, by status (the barista queue, oldest first) and by
 * customer (the customer's orders, and the per-customer limit). GSIs project every attribute.
 *
 * `shop`: a single-table design for everything else; `pk` names the kind (`CONFIG`, `MENU`,
 * `STOCK`, `COUNTER`, `QR#<token>`, `STAFF#<name>`) and `sk` the item within it.
 */
export const TABLES = {
  orders: {
    partitionKey: { name: "orderId", type: "S" },
    globalSecondaryIndexes: [
      {
        indexName: "byStatus",
        partitionKey: { name: "status", type: "S" },
        sortKey: { name: "createdAt", type: "S" },
      },
      {
        indexName: "byCustomer",
        partitionKey: { name: "customerId", type: "S" },
        sortKey: { name: "createdAt", type: "S" },
      },
    ],
  },
  shop: {
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalSecondaryIndexes: [],
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof TABLES;

/** Physical table names chosen by the caller (each app's env). */
export type TableNames = Record<TableKey, string>;

function keySchema(pk: KeyAttribute, sk?: KeyAttribute) {
  return [
    { AttributeName: pk.name, KeyType: "HASH" as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: "RANGE" as const }] : []),
  ];
}

/** The CreateTable request for one table definition (on-demand billing, GSIs projecting ALL). */
export function createTableInput(tableName: string, def: TableDefinition): CreateTableCommandInput {
  const attributes = new Map<string, AttributeType>();
  const add = (k?: KeyAttribute) => {
    if (k) attributes.set(k.name, k.type);
  };
  add(def.partitionKey);
  add(def.sortKey);
  for (const gsi of def.globalSecondaryIndexes) {
    add(gsi.partitionKey);
    add(gsi.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(def.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((gsi) => ({
            IndexName: gsi.indexName,
            KeySchema: keySchema(gsi.partitionKey, gsi.sortKey),
            Projection: { ProjectionType: "ALL" as const },
          })),
        }
      : {}),
  };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  // Local servers create tables in milliseconds; this bounds a slow one to about 30 s.
  for (let attempt = 0; attempt < 300; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (i) => i.IndexStatus === "ACTIVE",
    );
    if (Table?.TableStatus === "ACTIVE" && indexesActive) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

/**
 * Creates the app's tables if they do not exist yet and waits until they are active.
 * Idempotent: an existing table is left as it is. Meant for local servers and tests; in AWS the
 * CDK stack creates them from the same `TABLES`.
 */
export async function createTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  for (const key of Object.keys(TABLES) as TableKey[]) {
    const tableName = names[key];
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName, TABLES[key])));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilActive(client, tableName);
  }
}
