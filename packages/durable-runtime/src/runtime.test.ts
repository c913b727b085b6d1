import { describe, expect, it } from "vitest";
import type { ManualClock } from "./clock.js";
import { DurableRuntimeError } from "./errors.js";
import type { DurableRuntime } from "./runtime.js";
import { freshRuntimeEach } from "./testing/each-store.js";
import { historyTypes, startApproval, testStores } from "./testing/fixture.js";
import * as h from "./testing/handlers.js";

describe.each(testStores)("steps, waits and callbacks on %s", (storeName, makeStore) => {
  let clock: ManualClock;
  let runtime: DurableRuntime;
  let key: string;
  freshRuntimeEach(makeStore, `${storeName}-basic`, (fresh) => {
    ({ runtime, clock, key } = fresh);
  });

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
    expect(done.EndTimestamp).toEqual(new Date("2026-01-01T00:10:00Z"));
    expect(h.stepRuns.get(`${key}:greet`)).toBe(1);
    expect(h.stepRuns.get(`${key}:finish`)).toBe(1);
    expect(await historyTypes(runtime, executionArn)).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "WaitStarted",
      "WaitSucceeded",
      "StepStarted",
      "StepSucceeded",
      "ExecutionSucceeded",
    ]);
    const { Events } = await runtime.getExecutionHistory(executionArn);
    expect(Events.filter((e) => e.EventType === "InvocationCompleted")).toHaveLength(2);
    const wait = Events.find((e) => e.EventType === "WaitStarted")!;
    expect(wait).toMatchObject({
      Name: "pause",
      SubType: "Wait",
      WaitStartedDetails: {
        Duration: 600,
        ScheduledEndTimestamp: new Date("2026-01-01T00:10:00Z"),
      },
    });
    expect(Events.map((e) => e.EventId)).toEqual(Events.map((_, i) => i + 1));
  });

  it("treats the execution name as an idempotency key", async () => {
    runtime.register("greeter", h.stepWaitStep);
    const input = { name: "Bo", waitSeconds: 1, key };
    const first = await runtime.startExecution({
      functionName: "greeter",
      executionName: "o-2",
      input,
    });
    const again = await runtime.startExecution({
      functionName: "greeter",
      executionName: "o-2",
      input,
    });
    expect(first.alreadyStarted).toBe(false);
    expect(again).toEqual({ executionArn: first.executionArn, alreadyStarted: true });
    await expect(
      runtime.startExecution({
        functionName: "greeter",
        executionName: "o-2",
        input: { ...input, name: "Cy" },
      }),
    ).rejects.toMatchObject({
      errorType: "DurableExecutionAlreadyStartedException",
      statusCode: 409,
    });
    expect(first.executionArn).toMatch(
      /^arn:aws:lambda:us-east-1:000000000000:function:greeter:\$LATEST\/durable-execution\/o-2\/[0-9a-f-]{36}$/,
    );
  });

  it("answers Lambda's errors for unknown functions, executions and bad input", async () => {
    await expect(runtime.startExecution({ functionName: "nope" })).rejects.toMatchObject({
      errorType: "ResourceNotFoundException",
      statusCode: 404,
    });
    runtime.register("greeter", h.stepWaitStep);
    await expect(
      runtime.startExecution({ functionName: "greeter", executionName: "has spaces" }),
    ).rejects.toMatchObject({ errorType: "InvalidParameterValueException", statusCode: 400 });
    await expect(runtime.getExecution("arn:aws:lambda:x")).rejects.toMatchObject({
      errorType: "ResourceNotFoundException",
    });
    await expect(runtime.getExecutionHistory("arn:aws:lambda:x")).rejects.toBeInstanceOf(
      DurableRuntimeError,
    );
  });

  it("completes a callback from outside and rejects a repeated completion", async () => {
    const { executionArn, callbackId } = await startApproval(runtime, { timeoutSeconds: 300, key });
    expect(callbackId).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    await runtime.sendCallbackSuccess(callbackId, JSON.stringify({ drink: "latte" }));
    await runtime.settle();
    const done = await runtime.getExecution(executionArn);
    expect(JSON.parse(done.Result!)).toEqual({ outcome: "answered", answer: { drink: "latte" } });
    expect(h.stepRuns.get(`${key}:submit`)).toBe(1);
    await expect(runtime.sendCallbackSuccess(callbackId, "{}")).rejects.toMatchObject({
      errorType: "CallbackTimeoutException",
      statusCode: 400,
    });
    await expect(runtime.sendCallbackSuccess("not-a-callback", "{}")).rejects.toMatchObject({
      code: "CALLBACK_NOT_FOUND",
      errorType: "ResourceNotFoundException",
      statusCode: 404,
    });
    await expect(runtime.sendCallbackHeartbeat("")).rejects.toMatchObject({
      errorType: "InvalidParameterValueException",
    });
    await expect(runtime.sendCallbackFailure("x".repeat(1025), {})).rejects.toMatchObject({
      errorType: "InvalidParameterValueException",
    });
    const types = await historyTypes(runtime, executionArn);
    expect(types).toContain("CallbackStarted");
    expect(types).toContain("CallbackSucceeded");
  });

  it("delivers a callback failure to the handler as an error", async () => {
    const { executionArn, callbackId } = await startApproval(runtime, { timeoutSeconds: 300, key });
    await runtime.sendCallbackFailure(callbackId, {
      ErrorType: "Rejected",
      ErrorMessage: "out of milk",
    });
    await runtime.settle();
    const done = await runtime.getExecution(executionArn);
    expect(JSON.parse(done.Result!)).toMatchObject({ outcome: "error", error: "out of milk" });
    await expect(runtime.sendCallbackFailure(callbackId, {})).rejects.toMatchObject({
      errorType: "CallbackTimeoutException",
    });
  });

  it("times a callback out on the clock, and rejects a late answer", async () => {
    const { executionArn, callbackId } = await startApproval(runtime, { timeoutSeconds: 900, key });
    clock.advance(899_999);
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("RUNNING");
    clock.advance(1);
    await runtime.settle();
    const done = await runtime.getExecution(executionArn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(JSON.parse(done.Result!)).toMatchObject({ outcome: "error" });
    expect(await historyTypes(runtime, executionArn)).toContain("CallbackTimedOut");
    await expect(runtime.sendCallbackSuccess(callbackId, "{}")).rejects.toMatchObject({
      errorType: "CallbackTimeoutException",
    });
  });

  it("keeps a callback alive with heartbeats and times it out when they stop", async () => {
    const { executionArn, callbackId } = await startApproval(runtime, {
      timeoutSeconds: 3600,
      heartbeatSeconds: 60,
      key,
    });
    for (let i = 0; i < 3; i++) {
      clock.advance(50_000);
      await runtime.sendCallbackHeartbeat(callbackId);
      await runtime.settle();
    }
    expect((await runtime.getExecution(executionArn)).Status).toBe("RUNNING");
    clock.advance(60_000);
    await runtime.settle();
    const done = await runtime.getExecution(executionArn);
    expect(JSON.parse(done.Result!)).toMatchObject({ outcome: "error" });
    await expect(runtime.sendCallbackHeartbeat(callbackId)).rejects.toMatchObject({
      errorType: "CallbackTimeoutException",
    });
  });
});
