import type { ErrorObject, GetDurableExecutionResponse } from "@aws-sdk/client-lambda";
import { Hono } from "hono";
import { MAX_EVENT_PAYLOAD_BYTES } from "../lambda-limits.js";
import { invalidParameter, LambdaHttpError } from "./lambda-error.js";
import { functionNotFound, localVersion, tailLog } from "./lambda-versions.js";
import {
  executionNameSchema,
  functionNameSchema,
  invocationTypeSchema,
  logTypeSchema,
  parseInput,
  parseJsonBody,
  qualifierSchema,
} from "./request-schemas.js";
import type { FaceEnv, RuntimeFace } from "./runtime-face.js";

/** Lambda's payload limit for asynchronous (`Event`) invocations; synchronous ones take 6 MB. */
const EVENT_PAYLOAD_LIMIT = MAX_EVENT_PAYLOAD_BYTES;

/**
 * `Invoke` for durable functions. Event answers 202 at once; RequestResponse waits for the
 * whole durable execution (Lambda's documented behaviour for synchronous durable invocations)
 * and answers 200 with its result, or with `X-Amz-Function-Error: Unhandled` and the error as
 * the payload. Both carry the execution in `X-Amz-Durable-Execution-Arn`. There are no published
 * versions or aliases locally: every qualifier but a version number runs, and is reported as,
 * `$LATEST` (what `ExecutedVersion` and the execution ARN say on Lambda after alias resolution).
 */
export function invokeRoutes(runtime: RuntimeFace, options: { syncInvokeTimeoutMs: number }) {
  const app = new Hono<FaceEnv>();

  app.post("/2015-03-31/functions/:FunctionName/invocations", async (c) => {
    const fn = parseInput(functionNameSchema, c.req.param("FunctionName"), "functionName");
    const queryQualifier = parseInput(qualifierSchema, c.req.query("Qualifier"), "qualifier");
    if (fn.qualifier && queryQualifier && fn.qualifier !== queryQualifier) {
      throw invalidParameter(
        "The derived qualifier from the function name does not match the specified qualifier.",
      );
    }
    const qualifier = localVersion(queryQualifier ?? fn.qualifier);
    const invocationType = parseInput(
      invocationTypeSchema,
      c.req.header("X-Amz-Invocation-Type"),
      "invocationType",
    );
    const logType = parseInput(logTypeSchema, c.req.header("X-Amz-Log-Type"), "logType");
    const nameHeader = c.req.header("X-Amz-Durable-Execution-Name");
    const executionName =
      nameHeader === undefined
        ? undefined
        : parseInput(executionNameSchema, nameHeader, "durableExecutionName");
    const body = await c.req.text();
    const bytes = Buffer.byteLength(body);
    if (invocationType === "Event" && bytes > EVENT_PAYLOAD_LIMIT) {
      // Lambda's own words and error name (not one its model lists) for this case.
      throw new LambdaHttpError(
        "RequestEntityTooLargeException",
        413,
        `${bytes} byte payload is too large for the Event invocation type (limit ${EVENT_PAYLOAD_LIMIT} bytes)`,
      );
    }
    const input = parseJsonBody(body);

    // Lambda answers DryRun with 204 when the caller may invoke the function; any invocation
    // type of a function that does not exist is ResourceNotFoundException.
    if (!runtime.hasFunction(fn.name)) throw functionNotFound(runtime, fn.name, fn.qualifier);
    if (invocationType === "DryRun") return c.body(null, 204);

    // The synchronous answer of either kind of function: the version and log tail headers,
    // then the result, or a function error in the Node.js runtime's shape.
    const answer = (started: number, outcome: { result: string } | { functionError: object }) => {
      c.header("X-Amz-Executed-Version", qualifier);
      c.header("Content-Type", "application/json");
      if (logType === "Tail") {
        c.header("X-Amz-Log-Result", tailLog(c.get("requestId"), qualifier, Date.now() - started));
      }
      if ("result" in outcome) return c.body(outcome.result, 200);
      c.header("X-Amz-Function-Error", "Unhandled");
      return c.body(JSON.stringify(outcome.functionError), 200);
    };

    if (!runtime.isDurableFunction(fn.name)) {
      // A standard function (`--on-demand`): run once, nothing stored, no execution ARN; a
      // durable execution name has nothing to name and is ignored.
      const run = () => runtime.invokeFunction(`${fn.name}:${qualifier}`, body);
      if (invocationType === "Event") {
        void run().catch(() => {});
        return c.body(null, 202);
      }
      const started = Date.now();
      const outcome = await run();
      return answer(
        started,
        "result" in outcome ? outcome : { functionError: errorPayload(outcome.error, "Error", "") },
      );
    }

    const { executionArn } = await runtime.startExecution({
      functionName: fn.name,
      input,
      executionName,
      qualifier,
    });
    c.header("X-Amz-Durable-Execution-Arn", executionArn);
    if (invocationType === "Event") return c.body(null, 202);

    const started = Date.now();
    const execution = await waitWithin(runtime, executionArn, options.syncInvokeTimeoutMs);
    if (execution === "timeout") {
      return answer(started, {
        functionError: {
          errorType: "Sandbox.Timedout",
          errorMessage: `Synchronous invocation timed out after ${options.syncInvokeTimeoutMs / 1000} seconds; the durable execution continues: ${executionArn}`,
        },
      });
    }
    if (execution.Status === "SUCCEEDED") {
      return answer(started, { result: execution.Result ?? "null" });
    }
    return answer(started, { functionError: functionErrorPayload(execution) });
  });

  return app;
}

async function waitWithin(
  runtime: RuntimeFace,
  arn: string,
  timeoutMs: number,
): Promise<GetDurableExecutionResponse | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
    timer.unref(); // a waiting caller must not keep a closing process alive
  });
  const completion = runtime.waitForCompletion(arn, { timeoutMs: timeoutMs + 1_000 });
  completion.catch(() => {}); // the race below reports it; never leave it unhandled
  try {
    return await Promise.race([completion, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function functionErrorPayload(execution: GetDurableExecutionResponse) {
  return errorPayload(
    execution.Error,
    execution.Status === "TIMED_OUT"
      ? "DurableExecutionTimedOut"
      : `DurableExecution${execution.Status}`,
    `The durable execution ended with status ${execution.Status}`,
  );
}

// The function-error payload shape of Lambda's Node.js runtime: errorType, errorMessage, trace.
function errorPayload(error: ErrorObject | undefined, type: string, message: string) {
  return {
    errorType: error?.ErrorType ?? type,
    errorMessage: error?.ErrorMessage ?? message,
    // Sent through JSON.stringify, which leaves undefined keys out.
    errorData: error?.ErrorData,
    trace: error?.StackTrace,
  };
}
