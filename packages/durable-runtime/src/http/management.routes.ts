import { Hono } from "hono";
import {
  executionArnOf,
  parseInput,
  parseJsonBody,
  pauseBodySchema,
  resumeBodySchema,
} from "./request-schemas.js";
import type { RuntimeFace } from "./runtime-face.js";
import { toWire } from "./wire-format.js";

/**
 * PauseDurableExecution, ResumeDurableExecution and DeleteDurableExecution on Lambda's paths
 * (client-lambda 3.1178's model): each answers 202; pause and resume with an empty body,
 * delete with `DeletionRequestTimestamp`.
 */
export function managementRoutes(runtime: RuntimeFace) {
  const app = new Hono();

  app.post("/2025-12-01/durable-executions/:arn/pause", async (c) => {
    const arn = executionArnOf(c.req.param("arn"));
    const body = parseInput(pauseBodySchema, parseJsonBody(await c.req.text()), "") ?? {};
    await runtime.pauseExecution(arn, {
      clientToken: body.ClientToken,
      reason: body.Reason,
      executionTimeoutPaused: body.ExecutionTimeoutPaused,
    });
    return c.json({}, 202);
  });

  app.post("/2025-12-01/durable-executions/:arn/resume", async (c) => {
    const arn = executionArnOf(c.req.param("arn"));
    const body = parseInput(resumeBodySchema, parseJsonBody(await c.req.text()), "") ?? {};
    await runtime.resumeExecution(arn, { clientToken: body.ClientToken, reason: body.Reason });
    return c.json({}, 202);
  });

  app.delete("/2025-12-01/durable-executions/:arn", async (c) => {
    const arn = executionArnOf(c.req.param("arn"));
    return c.json(toWire(await runtime.deleteExecution(arn)), 202);
  });

  return app;
}
