/**
 * The durable runtime as the local stack runs it: its SQLite file in DATA_DIR, the order
 * workflow registered (in AWS, the workflow's Lambda function), the Lambda API and the runtime's
 * console on DURABLE_RUNTIME_PORT. The same in the stack's worker thread (`runtime-worker.ts`,
 * as `pnpm start` runs it) and in the caller's thread (tests that reach the runtime or drive its
 * clock).
 */
import { consoleAssetsDir } from "@coffee/console";
import { type Clock, DurableRuntime, SqliteStore, serveHttp } from "@coffee/durable-runtime";
import { handler as ordersWorkflow } from "@coffee/orders-workflow";
import { ORDERS_WORKFLOW_FUNCTION } from "@coffee/shared";
import { withPort } from "./ports.js";

/** What the runtime needs to start, as a worker thread receives it (no functions, no clock). */
export interface RuntimeHostSettings {
  /** The runtime's SQLite file (DATA_DIR/durable-runtime.sqlite). */
  sqlitePath: string;
  /** DURABLE_RUNTIME_PORT: 0 picks a free one. */
  port: number;
  /** The workflow's execution timeout (Lambda's `durableConfig.executionTimeout`); default none. */
  executionTimeoutSeconds?: number;
}

export interface RuntimeHost {
  runtime: DurableRuntime;
  /** The Lambda-compatible endpoint (AWS_ENDPOINT_URL_LAMBDA); the console is at `/console/`. */
  url: string;
  /** Stops serving, lets running invocations reach their next checkpoint, closes SQLite. */
  close(): Promise<void>;
}

/**
 * Starts the runtime. The workflow reads its endpoints and names from `process.env` on its first
 * invocation, and the runtime resumes in-flight orders at once: the environment must be complete.
 */
export async function startRuntimeHost(
  settings: RuntimeHostSettings & { clock?: Clock },
): Promise<RuntimeHost> {
  const runtime = new DurableRuntime({
    store: new SqliteStore({ path: settings.sqlitePath }),
    clock: settings.clock,
  });
  try {
    runtime.register(
      ORDERS_WORKFLOW_FUNCTION,
      ordersWorkflow,
      settings.executionTimeoutSeconds
        ? { executionTimeoutSeconds: settings.executionTimeoutSeconds }
        : {},
    );
    const lambda = await withPort(settings.port, "durable runtime", "DURABLE_RUNTIME_PORT", () =>
      serveHttp(runtime, {
        port: settings.port,
        host: "127.0.0.1",
        console: { runtime, assetsDir: consoleAssetsDir },
      }),
    );
    return {
      runtime,
      url: lambda.url,
      async close() {
        await lambda.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
