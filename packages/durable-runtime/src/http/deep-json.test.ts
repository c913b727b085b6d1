import { afterEach, expect, it } from "vitest";
import type { DurableRuntime } from "../runtime.js";
import { MemoryStore } from "../store/memory-store.js";
import { manualRuntime, startApproval } from "../testing/fixture.js";
import * as h from "../testing/handlers.js";
import { createApp } from "./create-app.js";
import { MAX_JSON_DEPTH } from "./request-schemas.js";

// A body nested deeper than anything downstream can walk (zod, JSON.stringify and structured
// clones recurse) is refused as unreadable content on every route that reads JSON, with the
// real engine behind the face: a 400 naming the problem, never a 500 with a stack.

let runtime: DurableRuntime;
afterEach(() => runtime?.close());

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

it("answers 400 InvalidRequestContentException to a deeply nested body on every JSON route", async () => {
  ({ runtime } = manualRuntime(new MemoryStore()));
  runtime.register("steps", h.sequentialSteps);
  const { executionArn, callbackId } = await startApproval(runtime, {
    timeoutSeconds: 60,
    key: "k",
  });
  const app = createApp(runtime);
  const arn = encodeURIComponent(executionArn);
  const routes = [
    "/2015-03-31/functions/steps/invocations",
    `/2025-12-01/durable-executions/${arn}/checkpoint`,
    `/2025-12-01/durable-executions/${arn}/stop`,
    `/2025-12-01/durable-execution-callbacks/${encodeURIComponent(callbackId)}/fail`,
  ];
  for (const path of routes) {
    for (const body of [
      nested(100_000),
      `[${"[".repeat(MAX_JSON_DEPTH)}]${"]".repeat(MAX_JSON_DEPTH)}`,
    ]) {
      const res = await app.request(path, { method: "POST", body });
      const text = await res.text();
      expect(res.status, path).toBe(400);
      expect(res.headers.get("x-amzn-errortype"), path).toBe("InvalidRequestContentException");
      expect(JSON.parse(text).message, path).toMatch(/nested deeper than 1000 levels/);
    }
  }
  // Nothing reached the engine: the execution still waits on its callback.
  expect((await runtime.getExecution(executionArn)).Status).toBe("RUNNING");
  // At the limit, a body is read (a string full of brackets does not count).
  const res = await app.request(routes[0]!, {
    method: "POST",
    headers: { "X-Amz-Invocation-Type": "Event" },
    body: `${"[".repeat(MAX_JSON_DEPTH - 1)}"[[[{{{"${"]".repeat(MAX_JSON_DEPTH - 1)}`,
  });
  expect(res.status).toBe(202);
});
