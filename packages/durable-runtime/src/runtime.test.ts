import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "./clock.js";
import { DurableRuntimeError } from "./errors.js";
import { DurableRuntime } from "./runtime.js";
import type { ExecutionStore } from "./store/execution-store.js";
import { MemoryStore } from "./store/memory-store.js";
import { SqliteStore } from "./store/sqlite-store.js";
import { openCallbackId } from "./testing/callbacks.js";
import * as h from "./testing/handlers.js";

const stores: [string, () => ExecutionStore][] = [
  ["MemoryStore", () => new MemoryStore()],
  ["SqliteStore", () => new SqliteStore({ path: ":memory:" })],
];

describe.each(stores)("DurableRuntime on %s", (_name, makeStore) => {
  let clock: ManualClock;
  let runtime: DurableRuntime;
  let key: string;
  let n = 0;

  beforeEach(() => {
    clock = new ManualClock(Date.parse("2026-01-01T00:00:00Z"));
    runtime = new DurableRuntime({ store: makeStore(), clock });
    key = `${_name}-${++n}`;
  });
  afterEach(() => runtime.close());

  const eventTypes = async (arn: string) =>
    (await runtime.getExecutionHistory(arn)).Events.map((e) => e.EventType);

  it("runs steps around a durable wait, firing the timer only when the clock reaches it", async () => {
    runtime.register("greeter", h.stepWaitStep);
    const { executionArn } = await runtime.startExecution({
      functionName: "greeter",
      executionName: "order-1",
      input: { name: "Ada", waitSeconds: 600, key },
    });
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("RUNNING");
    clock.advance(599_000);
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("RUNNING");
    clock.advance(1_000);
    await runtime.settle();
    const done = await runtime.getExecution(executionArn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(JSON.parse(done.Result!)).toEqual({ message: "Hello, Ada!" });
    expect(h.stepRuns.get(`${key}:greet`)).toBe(1);
    expect(h.stepRuns.get(`${key}:finish`)).toBe(1);
    const types = await eventTypes(executionArn);
    expect(types.filter((t) => t !== "InvocationCompleted")).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "WaitStarted",
      "WaitSucceeded",
      "StepStarted",
      "StepSucceeded",
      "ExecutionSucceeded",
    ]);
    expect(types.filter((t) => t === "InvocationCompleted")).toHaveLength(2);
  });

  it("completes a callback from outside and rejects a repeated completion", async () => {
    runtime.register("approval", h.approval);
    const { executionArn } = await runtime.startExecution({
      functionName: "approval",
      input: { timeoutSeconds: 300, key },
    });
    await runtime.settle();
    const callbackId = await openCallbackId(runtime, executionArn);
    expect(callbackId).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    await runtime.sendCallbackSuccess(callbackId!, JSON.stringify({ drink: "latte" }));
    await runtime.settle();
    const done = await runtime.getExecution(executionArn);
    expect(JSON.parse(done.Result!)).toEqual({ outcome: "answered", answer: { drink: "latte" } });
    await expect(runtime.sendCallbackSuccess(callbackId!, "{}")).rejects.toMatchObject({
      errorType: "CallbackTimeoutException",
      statusCode: 400,
    });
    await expect(runtime.sendCallbackSuccess("not-a-callback", "{}")).rejects.toBeInstanceOf(
      DurableRuntimeError,
    );
  });
});
