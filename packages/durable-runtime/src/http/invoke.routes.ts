import type { GetDurableExecutionResponse } from "@aws-sdk/client-lambda";
import { Hono } from "hono";
import { invalidParameter, LambdaHttpError } from "./lambda-error.js";
import {
  executionNameSchema,
  functionNameSchema,
  invocationTypeSchema,
  parseInput,
  parseJsonBody,
  qualifierSchema,
} from "./request-schemas.js";
import type { RuntimeFace } from "./runtime-face.js";

/**
 * `Invoke` for durable functions. Event answers 202 at once; RequestResponse waits for the
 * whole durable execution (Lambda's documented behaviour for synchronous durable invocations)
 * and answers 200 with its result, or with `X-Amz-Function-Error: Unhandled` and the error as
 * the payload. Both carry the execution in `X-Amz-Durable-Execution-Arn`.
 */
export function invokeRoutes(runtime: RuntimeFace, options: { syncInvokeTimeoutMs: number }) {
  const app = new Hono();

  app.post("/2015-03-31/functions/:FunctionName/invocations", async (c) => {
    const fn = parseInput(functionNameSchema, c.req.param("FunctionName"), "functionName");
    const queryQualifier = parseInput(qualifierSchema, c.req.query("Qualifier"), "qualifier");
    if (fn.qualifier && queryQualifier && fn.qualifier !== queryQualifier) {
      throw invalidParameter(
        "The derived qualifier from the function name does not match the specified qualifier.",
      );
    }
    const qualifier = queryQualifier ?? fn.qualifier;
    const invocationType = parseInput(
      invocationTypeSchema,
      c.req.header("X-Amz-Invocation-Type"),
      "invocationType",
    );
    const nameHeader = c.req.header("X-Amz-Durable-Execution-Name");
    const executionName =
      nameHeader === undefined
        ? undefined
        : parseInput(executionNameSchema, nameHeader, "durableExecutionName");
    const input = parseJsonBody(await c.req.text());

    // Lambda answers DryRun with 204 when the caller may invoke the function, and with
    // ResourceNotFoundException when there is no such function.
    if (invocationType === "DryRun") {
      if (!runtime.hasFunction(fn.name)) {
        throw new LambdaHttpError(
          "ResourceNotFoundException",
          404,
          `Function not found: ${fn.name}`,
        );
      }
      return c.body(null, 204);
    }

    const { executionArn } = await runtime.startExecution({
      functionName: fn.name,
      input,
      executionName,
      qualifier,
    });
    c.header("X-Amz-Durable-Execution-Arn", executionArn);
    if (invocationType === "Event") return c.body(null, 202);

    c.header("X-Amz-Executed-Version", qualifier ?? "$LATEST");
    c.header("Content-Type", "application/json");
    const execution = await waitWithin(runtime, executionArn, options.syncInvokeTimeoutMs);
    if (execution === "timeout") {
      c.header("X-Amz-Function-Error", "Unhandled");
      return c.body(
        JSON.stringify({
          errorType: "Sandbox.Timedout",
          errorMessage: `Synchronous invocation timed out after ${options.syncInvokeTimeoutMs / 1000} seconds; the durable execution continues: ${executionArn}`,
        }),
        200,
      );
    }
    if (execution.Status === "SUCCEEDED") return c.body(execution.Result ?? "null", 200);
    c.header("X-Amz-Function-Error", "Unhandled");
    return c.body(JSON.stringify(functionErrorPayload(execution)), 200);
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

// The function-error payload shape of Lambda's Node.js runtime: errorType, errorMessage, trace.
function functionErrorPayload(execution: GetDurableExecutionResponse) {
  const error = execution.Error;
  const fallbackType =
    execution.Status === "TIMED_OUT"
      ? "DurableExecutionTimedOut"
      : `DurableExecution${execution.Status}`;
  return {
    errorType: error?.ErrorType ?? fallbackType,
    errorMessage:
      error?.ErrorMessage ?? `The durable execution ended with status ${execution.Status}`,
    ...(error?.ErrorData === undefined ? {} : { errorData: error.ErrorData }),
    ...(error?.StackTrace === undefined ? {} : { trace: error.StackTrace }),
  };
}
