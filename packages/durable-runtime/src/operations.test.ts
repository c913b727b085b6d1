import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import type { ManualClock } from "./clock.js";
import type { DurableRuntime } from "./runtime.js";
import { freshRuntimeEach } from "./testing/each-store.js";
import { gate, historyTypes, startApproval, testStores } from "./testing/fixture.js";
import * as h from "./testing/handlers.js";

describe.each(testStores)("every operation type on %s", (storeName, makeStore) => {
  let clock: ManualClock;
  let runtime: DurableRuntime;
  let key: string;
  freshRuntimeEach(makeStore, `${storeName}-ops`, (fresh) => {
    ({ runtime, clock, key } = fresh);
  });

  const run = async (functionName: string, input: unknown) => {
    const { executionArn } = await runtime.startExecution({ functionName, input });
    await runtime.settle();
    return executionArn;
  };

  it("retries a failing step after NextAttemptDelaySeconds, on the clock", async () => {
    runtime.register("flaky", h.flakyStep);
    const arn = await run("flaky", { failures: 2, retries: 3, key });
    expect(h.stepRuns.get(`${key}:flaky`)).toBe(1);
    clock.advance(1_999);
    await runtime.settle();
    expect(h.stepRuns.get(`${key}:flaky`)).toBe(1);
    clock.advance(1);
    await runtime.settle();
    expect(h.stepRuns.get(`${key}:flaky`)).toBe(2);
    clock.advance(2_000);
    await runtime.settle();
    const done = await runtime.getExecution(arn);
    expect(JSON.parse(done.Result!)).toEqual({ succeededOnAttempt: 3 });
    const { Events } = await runtime.getExecutionHistory(arn);
    const failed = Events.filter((e) => e.EventType === "StepFailed");
    expect(failed.map((e) => e.StepFailedDetails?.RetryDetails)).toEqual([
      { CurrentAttempt: 1, NextAttemptDelaySeconds: 2 },
      { CurrentAttempt: 2, NextAttemptDelaySeconds: 2 },
    ]);
    expect(failed[0]?.StepFailedDetails?.Error?.Payload?.ErrorMessage).toBe("attempt 1 failed");
  });

  it("fails the execution when a step runs out of retries", async () => {
    runtime.register("flaky", h.flakyStep);
    const arn = await run("flaky", { failures: 5, retries: 1, key });
    clock.advance(2_000);
    await runtime.settle();
    const done = await runtime.getExecution(arn);
    expect(done.Status).toBe("FAILED");
    expect(done.Error?.ErrorMessage).toContain("attempt 2 failed");
    expect((await historyTypes(runtime, arn)).at(-1)).toBe("ExecutionFailed");
  });

  it("runs parallel branches and map items as child contexts", async () => {
    runtime.register("fan-out", h.fanOut);
    const arn = await run("fan-out", { items: [1, 2, 3] });
    expect((await runtime.getExecution(arn)).Status).toBe("RUNNING");
    clock.advance(1_000);
    await runtime.settle();
    const done = await runtime.getExecution(arn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(JSON.parse(done.Result!)).toEqual({ checks: [true, 3, "ok"], doubled: [2, 4, 6] });
    const { Events } = await runtime.getExecutionHistory(arn);
    const contexts = Events.filter((e) => e.EventType === "ContextSucceeded").map((e) => e.SubType);
    expect(contexts).toEqual(
      expect.arrayContaining(["Parallel", "ParallelBranch", "Map", "MapIteration"]),
    );
  });

  it("runs a child context whose steps belong to it", async () => {
    runtime.register("child", h.childContext);
    const arn = await run("child", {});
    clock.advance(1_000);
    await runtime.settle();
    const done = await runtime.getExecution(arn);
    expect(JSON.parse(done.Result!)).toEqual({ inner: 3, after: 30 });
    const { Events } = await runtime.getExecutionHistory(arn);
    const reserve = Events.find((e) => e.EventType === "ContextStarted" && e.Name === "reserve")!;
    const children = Events.filter(
      (e) => e.ParentId === reserve.Id && e.EventType === "StepSucceeded",
    );
    expect(children.map((e) => e.Name)).toEqual(["reserve-milk", "reserve-beans"]);
  });

  it("invokes another registered function as its own execution", async () => {
    runtime.register("invoker", h.invoker);
    runtime.register("doubler", h.doubler);
    const arn = await run("invoker", { target: "doubler", payload: { n: 21 } });
    const done = await runtime.getExecution(arn);
    expect(JSON.parse(done.Result!)).toEqual({ ok: true, result: { n: 42 } });
    const { Events } = await runtime.getExecutionHistory(arn);
    const started = Events.find((e) => e.EventType === "ChainedInvokeStarted")!;
    const childArn = started.ChainedInvokeStartedDetails!.DurableExecutionArn!;
    expect(started.ChainedInvokeStartedDetails?.FunctionName).toBe("doubler");
    expect((await runtime.getExecution(childArn)).Status).toBe("SUCCEEDED");
    expect(Events.map((e) => e.EventType)).toContain("ChainedInvokeSucceeded");
    const { DurableExecutions } = await runtime.listExecutions({ functionName: "doubler" });
    expect(DurableExecutions.map((e) => e.DurableExecutionArn)).toEqual([childArn]);
  });

  it("reports a failed or missing chained invoke to the caller", async () => {
    runtime.register("invoker", h.invoker);
    runtime.register("doubler", h.doubler);
    const failed = await run("invoker", { target: "doubler", payload: { n: -1 } });
    expect(JSON.parse((await runtime.getExecution(failed)).Result!)).toMatchObject({ ok: false });
    expect(await historyTypes(runtime, failed)).toContain("ChainedInvokeFailed");
    const missing = await run("invoker", { target: "no-such-function", payload: {} });
    const result = JSON.parse((await runtime.getExecution(missing)).Result!);
    expect(result).toMatchObject({ ok: false });
  });

  it("invokes an on-demand (non-durable) function, which cannot be started on its own", async () => {
    runtime.register("on-demand", async (event: { n: number }) => ({ n: event.n * 2 }), {
      durable: false,
    });
    runtime.register("invoker", h.invoker);
    const arn = await run("invoker", { target: "on-demand", payload: { n: 4 } });
    expect(JSON.parse((await runtime.getExecution(arn)).Result!)).toEqual({
      ok: true,
      result: { n: 8 },
    });
    await expect(runtime.startExecution({ functionName: "on-demand" })).rejects.toMatchObject({
      errorType: "InvalidParameterValueException",
    });
  });

  it("stopping the caller stops the chained invoke it is waiting for", async () => {
    runtime.register("invoker", h.invoker);
    runtime.register("approval", h.approval);
    const arn = await run("invoker", { target: "approval", payload: { timeoutSeconds: 600, key } });
    const { Events } = await runtime.getExecutionHistory(arn);
    const started = Events.find((e) => e.EventType === "ChainedInvokeStarted")!;
    const childArn = started.ChainedInvokeStartedDetails!.DurableExecutionArn!;
    expect((await runtime.getExecution(childArn)).Status).toBe("RUNNING");
    await runtime.stopExecution(arn);
    await runtime.settle();
    expect((await runtime.getExecution(arn)).Status).toBe("STOPPED");
    const child = await runtime.getExecution(childArn);
    expect(child.Status).toBe("STOPPED");
    expect(child.Error?.ErrorType).toBe("ParentExecutionStopped");
    expect(await historyTypes(runtime, arn)).toContain("ChainedInvokeStopped");
    // Nothing of the child is left to fire: its callback timeout died with it.
    clock.advance(600_000);
    await runtime.settle();
    expect((await runtime.getExecution(childArn)).Status).toBe("STOPPED");
  });

  it("records a chained invoke's result after the caller's running invocation has ended", async () => {
    // The caller starts the invoke, then holds its invocation open in a step until the target
    // has finished: the target's result must still come after that invocation's end.
    const hold = gate();
    runtime.register(
      "holding-invoker",
      withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
        const call = ctx.invoke("call-child", "doubler", { n: 4 });
        call.catch(() => {});
        await ctx.step("hold", () => hold.opened);
        return call;
      }),
    );
    runtime.register("doubler", h.doubler);
    const { executionArn } = await runtime.startExecution({ functionName: "holding-invoker" });
    let child: string | undefined;
    while (!child) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const { DurableExecutions } = await runtime.listExecutions({ functionName: "doubler" });
      child = DurableExecutions[0]?.DurableExecutionArn;
    }
    await runtime.waitForCompletion(child);
    hold.open();
    await runtime.settle();
    expect(JSON.parse((await runtime.getExecution(executionArn)).Result!)).toEqual({ n: 8 });
    const { Events } = await runtime.getExecutionHistory(executionArn);
    const types = Events.map((e) => e.EventType);
    const succeeded = types.indexOf("ChainedInvokeSucceeded");
    expect(types.indexOf("InvocationCompleted")).toBeGreaterThan(-1);
    expect(types.indexOf("InvocationCompleted")).toBeLessThan(succeeded);
    expect(types.slice(succeeded)).toEqual([
      "ChainedInvokeSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
  });

  it("names a callback's timeout and a missed heartbeat as the service does", async () => {
    runtime.register("approval", h.approval);
    const timedOut = await run("approval", { timeoutSeconds: 60, key });
    const missed = await run("approval", { timeoutSeconds: 3600, heartbeatSeconds: 10, key });
    clock.advance(60_000);
    await runtime.settle();
    const errorType = async (arn: string) => {
      const { Events } = await runtime.getExecutionHistory(arn);
      const ev = Events.find((e) => e.EventType === "CallbackTimedOut");
      return ev?.CallbackTimedOutDetails?.Error?.Payload?.ErrorType;
    };
    expect(await errorType(timedOut)).toBe("Callback.Timeout");
    expect(await errorType(missed)).toBe("Callback.Heartbeat");
  });

  it("marks every payload in the history as not truncated", async () => {
    runtime.register("failing", h.failing);
    runtime.register("invoker", h.invoker);
    runtime.register("doubler", h.doubler);
    const arn = await run("invoker", { target: "doubler", payload: { n: 1 } });
    const failed = await run("failing", {});
    const parts = [];
    for (const a of [arn, failed]) {
      for (const ev of (await runtime.getExecutionHistory(a)).Events) {
        for (const [key, details] of Object.entries(ev)) {
          if (!key.endsWith("Details") || typeof details !== "object") continue;
          for (const part of ["Input", "Result", "Error"]) {
            const value = (details as Record<string, { Truncated?: boolean }>)[part];
            if (value) parts.push(`${ev.EventType}.${part}:${value.Truncated}`);
          }
        }
      }
    }
    expect(parts).toEqual(
      expect.arrayContaining([
        "ExecutionStarted.Input:false",
        "StepSucceeded.Result:false",
        "ChainedInvokeStarted.Input:false",
        "ChainedInvokeSucceeded.Result:false",
        "ExecutionSucceeded.Result:false",
        "ExecutionFailed.Error:false",
      ]),
    );
    expect(parts.filter((p) => !p.endsWith(":false"))).toEqual([]);
    const bare = await runtime.getExecutionHistory(arn, { includeExecutionData: false });
    expect(bare.Events[0]?.ExecutionStartedDetails?.Input).toEqual({});
  });

  it("polls waitForCondition with durable waits between checks", async () => {
    runtime.register("poll", h.pollUntil);
    const arn = await run("poll", { target: 3 });
    for (let i = 0; i < 2; i++) {
      expect((await runtime.getExecution(arn)).Status).toBe("RUNNING");
      clock.advance(5_000);
      await runtime.settle();
    }
    const done = await runtime.getExecution(arn);
    expect(JSON.parse(done.Result!)).toEqual({ final: 3 });
  });

  it("fails the execution when a replay does not match the recorded history", async () => {
    runtime.register("nd", h.nonDeterministic);
    const arn = await run("nd", {});
    clock.advance(1_000);
    await runtime.settle();
    clock.advance(1_000);
    await runtime.settle();
    const done = await runtime.getExecution(arn);
    expect(done.Status).toBe("FAILED");
    expect(done.Error?.ErrorType).toMatch(/NonDeterministic/);
  });

  it("stores a result larger than Lambda's response limit", async () => {
    runtime.register("large", h.largeResult);
    const arn = await run("large", {});
    const done = await runtime.getExecution(arn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(done.Result!.length).toBeGreaterThan(7 * 1024 * 1024);
    expect(
      (await historyTypes(runtime, arn)).filter((t) => t === "ExecutionSucceeded"),
    ).toHaveLength(1);
  });

  it("refuses a callback result over 256 KiB in-process too, and the callback stays open", async () => {
    const { executionArn, callbackId } = await startApproval(runtime, { timeoutSeconds: 60, key });
    const tooBig = JSON.stringify("x".repeat(262_144));
    await expect(runtime.sendCallbackSuccess(callbackId, tooBig)).rejects.toMatchObject({
      code: "INVALID_PARAMETER",
      errorType: "InvalidParameterValueException",
    });
    await runtime.sendCallbackSuccess(callbackId, JSON.stringify({ approved: true }));
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("SUCCEEDED");
  });

  it("fails the execution with the handler's error", async () => {
    runtime.register("failing", h.failing);
    const arn = await run("failing", {});
    const done = await runtime.getExecution(arn);
    expect(done).toMatchObject({
      Status: "FAILED",
      Error: { ErrorMessage: "the order cannot be made" },
    });
  });
});
