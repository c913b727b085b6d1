/**
 * What the console asks that the Lambda API does not answer, under `/console/api` (no clash
 * with Lambda's paths): the registered functions, "Fire now" on a pending wait or retry, an
 * execution's history as a JSON fixture, and the checkpoint calls counted since the start
 * (in AWS, what CloudTrail's data events would count). Everything else the console does goes through the
 * Lambda-compatible routes, so its actions are recorded exactly as a client's would be.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { ConsoleFace } from "./console-face.js";
import { recordHistoryFixture } from "./history-fixture.js";
import { executionArnSchema, parseInput } from "./request-schemas.js";

const operationIdSchema = z.string().min(1).max(256);

export function consoleApiRoutes(runtime: ConsoleFace) {
  const app = new Hono();
  const arnOf = (raw: string | undefined) =>
    parseInput(executionArnSchema, raw, "durableExecutionArn");

  app.get("/console/api/functions", (c) =>
    c.json({
      Functions: runtime
        .listFunctions()
        .map((fn) => ({ FunctionName: fn.name, Durable: fn.durable }))
        .sort((a, b) => a.FunctionName.localeCompare(b.FunctionName)),
    }),
  );

  app.get("/console/api/counts", (c) => {
    const { checkpoints, emptyCheckpoints } = runtime.counts;
    return c.json({ Checkpoints: checkpoints, EmptyCheckpoints: emptyCheckpoints });
  });

  app.post("/console/api/durable-executions/:arn/operations/:id/fire-now", async (c) => {
    const arn = arnOf(c.req.param("arn"));
    const id = parseInput(operationIdSchema, c.req.param("id"), "operationId");
    const { fired } = await runtime.fireNow(arn, id);
    return c.json({ Fired: fired });
  });

  app.get("/console/api/durable-executions/:arn/fixture", async (c) => {
    const fixture = await recordHistoryFixture(runtime, arnOf(c.req.param("arn")));
    const name = (fixture.execution.DurableExecutionName ?? "execution").replace(/[^\w.-]/g, "_");
    c.header("Content-Disposition", `attachment; filename="${name}.history.json"`);
    c.header("Content-Type", "application/json");
    return c.body(`${JSON.stringify(fixture, null, 2)}\n`);
  });

  return app;
}
