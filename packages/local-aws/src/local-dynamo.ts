/** A local DynamoDB-compatible server (dynalite), in memory or persisted in a directory. */
import { mkdirSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createTables, type TableNames } from "@coffee/data";
import dynalite from "dynalite";
import { closeServer, listenOnLoopback } from "./listen.js";

export interface LocalDynamoOptions {
  /** Directory for dynalite's LevelDB files; omit for an in-memory database. */
  dataDir?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** When given, the app's tables are created (idempotently) under these names. */
  tables?: TableNames;
}

export interface LocalDynamo {
  /** Base URL for `AWS_ENDPOINT_URL_DYNAMODB` or a client's `endpoint`. */
  endpoint: string;
  close(): Promise<void>;
}

/** Dummy credentials and region that AWS SDK clients need to sign requests to local servers. */
export const LOCAL_CLIENT_CONFIG = {
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
} as const;

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  // Tables are ACTIVE at once: the real service's CREATING delay only slows tests down.
  const server = dynalite({
    ...(options.dataDir !== undefined ? { path: options.dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const endpoint = await listenOnLoopback(server, options.port);
  if (options.tables) {
    const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint });
    try {
      await createTables(client, options.tables);
    } catch (error) {
      await closeServer(server);
      throw error;
    } finally {
      client.destroy();
    }
  }
  return { endpoint, close: () => closeServer(server) };
}
