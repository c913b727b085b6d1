/**
 * A DynamoDB-compatible server the stack is given (`DYNAMODB_URL`) instead of the dynalite it
 * would start: its tables are created there if they are missing, and the stack leaves the server
 * running when it stops, since it did not start it.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createTables, type TableNames } from "@coffee/data";
import { LOCAL_CLIENT_CONFIG } from "@coffee/local-aws";

export async function useDynamo(endpoint: string, tables: TableNames) {
  const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint });
  try {
    await createTables(client, tables);
  } finally {
    client.destroy();
  }
  return { endpoint, close: async () => {} };
}
