/**
 * The HTTP face on loopback, as this package's HTTP tests use it: the engine on a store (an
 * in-memory SQLite one unless given) and a manual clock, served on 127.0.0.1 port 0, with the unmodified
 * `@aws-sdk/client-lambda` pointed at it.
 */
import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { ManualClock } from "../clock.js";
import { serveHttp } from "../http/serve-http.js";
import type { DurableRuntime, DurableRuntimeOptions } from "../runtime.js";
import type { ExecutionStore } from "../store/execution-store.js";
import { SqliteStore } from "../store/sqlite-store.js";
import { manualRuntime } from "./fixture.js";

export interface HttpFace {
  runtime: DurableRuntime;
  clock: ManualClock;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Local credentials and one attempt, so that an error reaches the test instead of a retry. */
  lambda: LambdaClient;
  /** Closes the client, the server and the runtime. */
  close(): Promise<void>;
}

/** Serves a runtime on `store` (default: in-memory SQLite) and a manual clock. */
export async function startHttpFace(
  store: ExecutionStore = new SqliteStore({ path: ":memory:" }),
  options: Partial<DurableRuntimeOptions> = {},
): Promise<HttpFace> {
  const { runtime, clock } = manualRuntime(store, options);
  const server = await serveHttp(runtime, { port: 0 });
  const lambda = new LambdaClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  return {
    runtime,
    clock,
    url: server.url,
    lambda,
    async close() {
      lambda.destroy();
      await server.close();
      await runtime.close();
    },
  };
}

/**
 * A function that waits for one callback, `approve` (15 minutes), and answers `{answer}` with
 * its result; every callback id it opens is pushed onto `callbackIds`, as an API would store it.
 */
export function recordingApproval(callbackIds: string[]) {
  return withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
    const answer = await ctx.waitForCallback(
      "approve",
      async (callbackId) => {
        callbackIds.push(callbackId);
      },
      { timeout: { minutes: 15 } },
    );
    return { answer };
  });
}
