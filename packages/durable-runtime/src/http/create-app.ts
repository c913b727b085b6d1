import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isStoreFailure } from "../errors.js";
import { MAX_REQUEST_BYTES } from "../lambda-limits.js";
import { callbackRoutes } from "./callbacks.routes.js";
import { consoleApiRoutes } from "./console.routes.js";
import { consoleAssetRoutes } from "./console-assets.js";
import type { ConsoleOptions } from "./console-face.js";
import { executionRoutes } from "./executions.routes.js";
import { invokeRoutes } from "./invoke.routes.js";
import { LambdaHttpError, lambdaErrorBody, toLambdaError } from "./lambda-error.js";
import { managementRoutes } from "./management.routes.js";
import type { FaceEnv, RuntimeFace } from "./runtime-face.js";

export interface HttpFaceOptions {
  /** Largest request body accepted; Lambda's synchronous Invoke limit (6 MB) by default. */
  maxBodyBytes?: number;
  /** How long a RequestResponse Invoke waits for its execution; Lambda's 15 minutes by default. */
  syncInvokeTimeoutMs?: number;
  /** The console at `/console` (and its API under `/console/api`); off when left out. */
  console?: ConsoleOptions;
}

/** The Lambda-compatible durable-execution API as a Hono app (use `app.request()` in tests). */
export function createApp(runtime: RuntimeFace, options: HttpFaceOptions = {}) {
  const app = new Hono<FaceEnv>();

  app.use(async (c, next) => {
    const requestId = randomUUID();
    c.set("requestId", requestId);
    c.header("x-amzn-RequestId", requestId);
    await next();
  });
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BYTES;
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      // Lambda's answer over the limit (an error name outside its model, seen in the wild).
      onError: (c) => {
        throw new LambdaHttpError(
          "RequestEntityTooLargeException",
          413,
          tooLargeMessage(maxBodyBytes, operationOf(c.req.path)),
        );
      },
    }),
  );

  app.route(
    "/",
    invokeRoutes(runtime, { syncInvokeTimeoutMs: options.syncInvokeTimeoutMs ?? 900_000 }),
  );
  app.route("/", executionRoutes(runtime));
  app.route("/", managementRoutes(runtime));
  app.route("/", callbackRoutes(runtime));
  if (options.console) {
    app.route("/", consoleApiRoutes(options.console.runtime));
    if (options.console.assetsDir) app.route("/", consoleAssetRoutes(options.console.assetsDir));
  }

  app.notFound((c) => {
    const error = lambdaErrorBody(
      "UnknownOperationException",
      404,
      `No durable-execution API answers ${c.req.method} ${new URL(c.req.url).pathname}`,
    );
    c.header("x-amzn-errortype", error.errorType);
    return c.json(error.body, 404);
  });

  app.onError((err, c) => {
    const error = toLambdaError(err);
    // A store failure (disk full, read-only file) is a known condition: one line, no stack.
    if (isStoreFailure(err)) console.error(`durable-runtime http: ${err.code}: ${err.message}`);
    else if (error.status >= 500) console.error("durable-runtime http: internal error", err);
    c.header("x-amzn-errortype", error.errorType);
    return c.json(error.body, error.status as 400);
  });

  return app;
}

export type AppType = ReturnType<typeof createApp>;

const tooLargeMessage = (maxBodyBytes: number, operation: string | undefined) =>
  operation
    ? `Request must be smaller than ${maxBodyBytes} bytes for the ${operation} operation`
    : `Request must be smaller than ${maxBodyBytes} bytes`;

/** The operation a path belongs to, by the end of its route; none for a path no route answers. */
const OPERATIONS: [RegExp, string][] = [
  [/\/functions\/[^/]+\/invocations$/, "InvokeFunction"],
  [/\/durable-executions\/.+\/checkpoint$/, "CheckpointDurableExecution"],
  [/\/durable-execution-callbacks\/[^/]+\/succeed$/, "SendDurableExecutionCallbackSuccess"],
  [/\/durable-execution-callbacks\/[^/]+\/fail$/, "SendDurableExecutionCallbackFailure"],
  [/\/durable-execution-callbacks\/[^/]+\/heartbeat$/, "SendDurableExecutionCallbackHeartbeat"],
  [/\/durable-executions\/.+\/pause$/, "PauseDurableExecution"],
  [/\/durable-executions\/.+\/resume$/, "ResumeDurableExecution"],
  [/\/durable-executions\/.+\/stop$/, "StopDurableExecution"],
];

const operationOf = (path: string) => OPERATIONS.find(([route]) => route.test(path))?.[1];
