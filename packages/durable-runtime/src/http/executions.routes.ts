import { Hono } from "hono";
import {
  checkpointBodySchema,
  errorObjectSchema,
  executionArnSchema,
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

/**
 * The execution-scoped durable APIs under `/2025-12-01`: get, history, list by function, stop,
 * and the checkpoint pair used by handlers that run in another process.
 */
export function executionRoutes(runtime: RuntimeFace) {
  const app = new Hono();
  const arnOf = (raw: string | undefined) =>
    parseInput(executionArnSchema, raw, "durableExecutionArn");

  app.get("/2025-12-01/durable-executions/:arn", async (c) => {
    const arn = arnOf(c.req.param("arn"));
    const query = parseInput(getExecutionQuerySchema, c.req.query(), "query");
    const execution = await runtime.getExecution(arn);
    if (query.IncludeExecutionData === false) {
      const { InputPayload: _input, Result: _result, ...rest } = execution;
      return c.json(toWire({ ...rest, ExecutionDataIncluded: false }));
    }
    return c.json(toWire(execution));
  });

  app.get("/2025-12-01/durable-executions/:arn/history", async (c) => {
    const arn = arnOf(c.req.param("arn"));
    const query = parseInput(historyQuerySchema, c.req.query(), "query");
    const history = await runtime.getExecutionHistory(arn, {
      includeExecutionData: query.IncludeExecutionData,
      marker: query.Marker,
      maxItems: query.MaxItems,
      reverseOrder: query.ReverseOrder,
    });
    return c.json(toWire({ Events: history.Events ?? [], NextMarker: history.NextMarker }));
  });

  app.get("/2025-12-01/functions/:FunctionName/durable-executions", async (c) => {
    const fn = parseInput(functionNameSchema, c.req.param("FunctionName"), "functionName");
    const query = parseInput(
      listQuerySchema,
      { ...c.req.query(), Statuses: c.req.queries("Statuses") },
      "query",
    );
    const page = await runtime.listExecutions({
      functionName: fn.name,
      statuses: query.Statuses,
      executionName: query.DurableExecutionName,
      startedAfter: query.StartedAfter,
      startedBefore: query.StartedBefore,
      marker: query.Marker,
      maxItems: query.MaxItems,
      reverseOrder: query.ReverseOrder,
    });
    return c.json(
      toWire({ DurableExecutions: page.DurableExecutions ?? [], NextMarker: page.NextMarker }),
    );
  });

  app.post("/2025-12-01/durable-executions/:arn/stop", async (c) => {
    const arn = arnOf(c.req.param("arn"));
    const error = parseInput(
      errorObjectSchema.optional(),
      parseJsonBody(await c.req.text()),
      "error",
    );
    const stopped = await runtime.stopExecution(arn, error);
    return c.json(toWire(stopped));
  });

  app.post("/2025-12-01/durable-executions/:arn/checkpoint", async (c) => {
    const arn = arnOf(c.req.param("arn"));
    const body = parseInput(checkpointBodySchema, parseJsonBody(await c.req.text()), "body");
    const result = await runtime.checkpoint(arn, body);
    return c.json(toWire(result));
  });

  app.get("/2025-12-01/durable-executions/:arn/state", async (c) => {
    const arn = arnOf(c.req.param("arn"));
    const query = parseInput(stateQuerySchema, c.req.query(), "query");
    const state = await runtime.getExecutionState(arn, query);
    return c.json(toWire({ Operations: state.Operations ?? [], NextMarker: state.NextMarker }));
  });

  return app;
}
