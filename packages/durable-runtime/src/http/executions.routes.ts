import { Hono } from "hono";
import { parseExecutionArn } from "../arn.js";
import { invalidParameter } from "./lambda-error.js";
import { functionNotFound, localVersion } from "./lambda-versions.js";
import {
  checkpointBodySchema,
  errorObjectSchema,
  executionArnOf,
  functionNameSchema,
  getExecutionQuerySchema,
  historyQuerySchema,
  listQuerySchema,
  parseInput,
  parseJsonBody,
  stateQuerySchema,
} from "./request-schemas.js";
import type { RuntimeFace } from "./runtime-face.js";
import { toWire } from "./wire-format.js";

/** Lambda's page size when MaxItems is left out or 0. */
const DEFAULT_MAX_ITEMS = 100;
const pageSize = (maxItems: number | undefined) => maxItems || DEFAULT_MAX_ITEMS;

/**
 * CheckpointDurableExecution and GetDurableExecutionState have no ResourceNotFoundException in
 * Lambda's model: a token is only ever issued for an execution that exists, so one naming no
 * execution is an invalid token (the SDK ends the invocation on it, as on any stale token).
 */
async function checkpointScoped<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if ((error as { errorType?: unknown }).errorType === "ResourceNotFoundException") {
      throw invalidParameter(`Invalid Checkpoint Token: ${(error as Error).message}`);
    }
    throw error;
  }
}

async function isListMarker(runtime: RuntimeFace, functionName: string, marker: string) {
  if (parseExecutionArn(marker)?.functionName !== functionName) return false;
  return runtime.getExecution(marker).then(
    () => true,
    () => false,
  );
}

/**
 * The execution-scoped durable APIs under `/2025-12-01`: get, history, list by function, stop,
 * and the checkpoint pair used by handlers that run in another process.
 */
export function executionRoutes(runtime: RuntimeFace) {
  const app = new Hono();

  app.get("/2025-12-01/durable-executions/:arn", async (c) => {
    const arn = executionArnOf(c.req.param("arn"));
    const query = parseInput(getExecutionQuerySchema, c.req.query(), "");
    const execution = await runtime.getExecution(arn);
    // "execution data such as input payload, result, and error information" (the model).
    if (query.IncludeExecutionData === false) {
      const { InputPayload: _input, Result: _result, Error: _error, ...rest } = execution;
      const pause = rest.PauseDetails && { ...rest.PauseDetails, Reason: undefined };
      return c.json(toWire({ ...rest, PauseDetails: pause, ExecutionDataIncluded: false }));
    }
    return c.json(toWire(execution));
  });

  app.get("/2025-12-01/durable-executions/:arn/history", async (c) => {
    const arn = executionArnOf(c.req.param("arn"));
    const query = parseInput(historyQuerySchema, c.req.query(), "");
    const history = await runtime.getExecutionHistory(arn, {
      includeExecutionData: query.IncludeExecutionData,
      marker: query.Marker,
      maxItems: pageSize(query.MaxItems),
      reverseOrder: query.ReverseOrder,
    });
    return c.json(toWire({ Events: history.Events ?? [], NextMarker: history.NextMarker }));
  });

  app.get("/2025-12-01/functions/:FunctionName/durable-executions", async (c) => {
    const fn = parseInput(functionNameSchema, c.req.param("FunctionName"), "functionName");
    const query = parseInput(
      listQuerySchema,
      { ...c.req.query(), Statuses: c.req.queries("Statuses") },
      "",
    );
    if (fn.qualifier && query.Qualifier && fn.qualifier !== query.Qualifier) {
      throw invalidParameter(
        "The derived qualifier from the function name does not match the specified qualifier.",
      );
    }
    if (!runtime.hasFunction(fn.name)) {
      throw functionNotFound(runtime, fn.name, query.Qualifier ?? fn.qualifier);
    }
    // The engine pages by the ARN of the last execution listed; one it never answered (another
    // function's, or none) is refused rather than silently starting over from the first page.
    if (query.Marker !== undefined && !(await isListMarker(runtime, fn.name, query.Marker))) {
      throw invalidParameter(`Invalid Marker: ${query.Marker}`);
    }
    const qualifier = query.Qualifier ?? fn.qualifier;
    const limit = pageSize(query.MaxItems);
    const request = {
      functionName: fn.name,
      statuses: query.Statuses,
      executionName: query.DurableExecutionName,
      startedAfter: query.StartedAfter,
      startedBefore: query.StartedBefore,
      // Lambda lists newest first; ReverseOrder=true gives chronological order (client-lambda's
      // model). The engine's own default is chronological, hence the inversion.
      reverseOrder: !query.ReverseOrder,
    };
    if (qualifier === undefined) {
      const page = await runtime.listExecutions({
        ...request,
        marker: query.Marker,
        maxItems: limit,
      });
      return c.json(
        toWire({ DurableExecutions: page.DurableExecutions ?? [], NextMarker: page.NextMarker }),
      );
    }
    // Filtering by version: the engine pages by function, so pages are read until this one is
    // full (one more match tells whether a next page exists).
    const version = localVersion(qualifier);
    const matches = [];
    let marker = query.Marker;
    do {
      const page = await runtime.listExecutions({ ...request, marker, maxItems: 1000 });
      for (const e of page.DurableExecutions ?? []) {
        if (parseExecutionArn(e.DurableExecutionArn ?? "")?.qualifier === version) matches.push(e);
      }
      marker = page.NextMarker;
    } while (marker !== undefined && matches.length <= limit);
    const items = matches.slice(0, limit);
    return c.json(
      toWire({
        DurableExecutions: items,
        NextMarker: matches.length > limit ? items.at(-1)?.DurableExecutionArn : undefined,
      }),
    );
  });

  app.post("/2025-12-01/durable-executions/:arn/stop", async (c) => {
    const arn = executionArnOf(c.req.param("arn"));
    const error = parseInput(
      errorObjectSchema.optional(),
      parseJsonBody(await c.req.text()),
      "error",
    );
    const stopped = await runtime.stopExecution(arn, error);
    return c.json(toWire(stopped));
  });

  app.post("/2025-12-01/durable-executions/:arn/checkpoint", async (c) => {
    const arn = executionArnOf(c.req.param("arn"));
    const body = parseInput(checkpointBodySchema, parseJsonBody(await c.req.text()), "");
    const result = await checkpointScoped(runtime.checkpoint(arn, body));
    return c.json(toWire(result));
  });

  app.get("/2025-12-01/durable-executions/:arn/state", async (c) => {
    const arn = executionArnOf(c.req.param("arn"));
    const query = parseInput(stateQuerySchema, c.req.query(), "");
    const state = await checkpointScoped(
      runtime.getExecutionState(arn, { ...query, MaxItems: pageSize(query.MaxItems) }),
    );
    return c.json(toWire({ Operations: state.Operations ?? [], NextMarker: state.NextMarker }));
  });

  return app;
}
