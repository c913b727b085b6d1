import { Hono } from "hono";
import { maxLength } from "../lambda-limits.js";
import { validationError } from "./lambda-error.js";
import {
  CALLBACK_RESULT_MAX_BYTES,
  callbackIdSchema,
  errorObjectSchema,
  parseInput,
  parseJsonBody,
} from "./request-schemas.js";
import type { RuntimeFace } from "./runtime-face.js";

/**
 * `SendDurableExecutionCallbackSuccess|Failure|Heartbeat`. Success carries the result as the
 * raw request body (a blob payload in Lambda's model); failure carries an `ErrorObject` as JSON.
 */
export function callbackRoutes(runtime: RuntimeFace) {
  const app = new Hono();
  const idOf = (raw: string | undefined) => parseInput(callbackIdSchema, raw, "callbackId");

  app.post("/2025-12-01/durable-execution-callbacks/:id/succeed", async (c) => {
    const id = idOf(c.req.param("id"));
    // The SDK's callback results are serialized strings, so the blob is handed over as UTF-8.
    const body = await c.req.text();
    if (Buffer.byteLength(body) > CALLBACK_RESULT_MAX_BYTES) {
      throw validationError(
        "result",
        undefined, // sensitive: Lambda leaves the value out
        maxLength(CALLBACK_RESULT_MAX_BYTES),
      );
    }
    await runtime.sendCallbackSuccess(id, body === "" ? undefined : body);
    return c.json({});
  });

  app.post("/2025-12-01/durable-execution-callbacks/:id/fail", async (c) => {
    const id = idOf(c.req.param("id"));
    const error = parseInput(
      errorObjectSchema.optional(),
      parseJsonBody(await c.req.text()),
      "error",
    );
    await runtime.sendCallbackFailure(id, error);
    return c.json({});
  });

  app.post("/2025-12-01/durable-execution-callbacks/:id/heartbeat", async (c) => {
    await runtime.sendCallbackHeartbeat(idOf(c.req.param("id")));
    return c.json({});
  });

  return app;
}
