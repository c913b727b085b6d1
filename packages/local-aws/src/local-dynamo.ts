/**
 * A local DynamoDB-compatible server (dynalite) in a process of its own, in memory or persisted in
 * a directory. Its own process gives it a core of its own, and a fault in it (a full disk, a
 * crash) cannot take down the process that started it.
 */
import { fork } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createTables, type TableNames } from "@coffee/data";
import { z } from "zod";
import { dynamoProcessEnv } from "./env.js";
import { LocalAwsError } from "./local-aws-error.js";

export interface LocalDynamoOptions {
  /** Directory for dynalite's LevelDB files; omit for an in-memory database. */
  dataDir?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** When given, the app's tables are created (idempotently) under these names. */
  tables?: TableNames;
  /**
   * Node flags for the server's process (a profiler, a preload with `--import`). None by default:
   * not the parent's flags either (a test runner's, an inspector's).
   */
  execArgv?: readonly string[];
}

export interface LocalDynamoExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether `close()` asked for it; false means the server ended on its own. */
  requested: boolean;
}

export interface LocalDynamo {
  /** Base URL for `AWS_ENDPOINT_URL_DYNAMODB` or a client's `endpoint`. */
  endpoint: string;
  /** The server process's id. */
  pid: number;
  /** Resolves when the server's process has ended, after `close()` or on its own. */
  exited: Promise<LocalDynamoExit>;
  /** Lets requests in flight finish, closes the database and ends the process. */
  close(): Promise<void>;
}

/** Dummy credentials and region that AWS SDK clients need to sign requests to local servers. */
export const LOCAL_CLIENT_CONFIG = {
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
} as const;

const ServerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), endpoint: z.url() }),
  z.object({ type: z.literal("failed"), code: z.string(), message: z.string() }),
]);

// The server's entry point beside this module: dist/dynalite-process.js, or the .ts source when
// this package's own tests run from src/ (Node 22 runs TypeScript by stripping the types).
const ENTRY = fileURLToPath(
  new URL(`./dynalite-process.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url),
);

/** How long `close()` waits for the server to finish before killing it. */
const CLOSE_TIMEOUT_MS = 10_000;

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  if (options.dataDir !== undefined) {
    try {
      mkdirSync(options.dataDir, { recursive: true });
    } catch (error) {
      throw new LocalAwsError(
        "STORAGE_UNAVAILABLE",
        `cannot create the local DynamoDB data directory ${options.dataDir}: ${(error as Error).message}`,
      );
    }
  }
  const config = { dataDir: options.dataDir, port: options.port ?? 0 };
  const child = fork(ENTRY, [JSON.stringify(config)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [...(options.execArgv ?? [])],
    env: dynamoProcessEnv(),
  });
  let closeRequested = false;
  const exited = new Promise<LocalDynamoExit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal, requested: closeRequested }));
  });
  const close = async () => {
    if (!closeRequested) {
      closeRequested = true;
      if (child.connected) child.send("close");
      const kill = setTimeout(() => child.kill("SIGKILL"), CLOSE_TIMEOUT_MS);
      await exited;
      clearTimeout(kill);
    }
    await exited;
  };

  let endpoint: string;
  try {
    endpoint = await new Promise<string>((resolve, reject) => {
      child.once("message", (raw) => {
        const message = ServerMessage.safeParse(raw);
        if (!message.success) {
          reject(new LocalAwsError("SERVER_FAILED", `local DynamoDB said ${JSON.stringify(raw)}`));
        } else if (message.data.type === "ready") {
          resolve(message.data.endpoint);
        } else {
          const { code, message: text } = message.data;
          reject(
            new LocalAwsError(
              code === "EADDRINUSE" || code === "STORAGE_UNAVAILABLE" ? code : "SERVER_FAILED",
              text,
            ),
          );
        }
      });
      child.once("error", (error) =>
        reject(new LocalAwsError("SERVER_FAILED", `cannot start local DynamoDB: ${error.message}`)),
      );
      void exited.then(({ code, signal }) =>
        reject(
          new LocalAwsError(
            "SERVER_FAILED",
            `local DynamoDB ended before it was ready (${signal ?? `exit code ${code}`})`,
          ),
        ),
      );
    });
    if (options.tables) {
      const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint });
      try {
        await createTables(client, options.tables);
      } finally {
        client.destroy();
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { endpoint, pid: child.pid ?? 0, exited, close };
}
