import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { afterAll, describe, expect, it } from "vitest";
import type { ManualClock } from "./clock.js";
import type { DurableRuntime } from "./runtime.js";
import { SqliteStore } from "./store/sqlite-store.js";
import { freshRuntimeEach } from "./testing/each-store.js";
import { gate, manualRuntime, startApproval, testStores } from "./testing/fixture.js";
import * as h from "./testing/handlers.js";

const types = async (runtime: DurableRuntime, arn: string) =>
  (await runtime.getExecutionHistory(arn)).Events.map((e) => e.EventType);
const count = (list: (string | undefined)[], type: string) => list.filter((t) => t === type).length;

/** Steps `first`, `second` and `third`; `first` waits for `release()` (the test holds the invocation open). */
function gated() {
  const hold = gate();
  const runs = { first: 0, second: 0, third: 0 };
  const handler = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
    await ctx.step("first", async () => {
      runs.first++;
      await hold.opened;
      return 1;
    });
    await ctx.step("second", async () => ++runs.second);
    return ctx.step("third", async () => ++runs.third);
  });
  return { handler, release: hold.open, runs };
}

/**
 * Until the gated step's body runs and its START is stored. The SDK sends an at-least-once
 * step's START without waiting for it, so it can reach the runtime after the body began: a
 * pause asked before it arrived would take effect at that START, not at the step's end.
 */
const gatedStepStarted = (
  runtime: DurableRuntime,
  arn: string,
  g: ReturnType<typeof gated>,
): Promise<void> =>
  until(async () => g.runs.first === 1 && (await types(runtime, arn)).includes("StepStarted"));

/** Lets the event loop run until `check` holds (real time; the engine is in-process). */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe.each(testStores)("pause, resume and delete on %s", (storeName, makeStore) => {
  let clock: ManualClock;
  let runtime: DurableRuntime;
  let key: string;
  freshRuntimeEach(makeStore, `${storeName}-pause`, (fresh) => {
    ({ runtime, clock, key } = fresh);
  });
  const status = async (arn: string) => (await runtime.getExecution(arn)).Status;

  it("pauses a suspended execution: its wait falls due, but it is invoked only on resume", async () => {
    runtime.register("sws", h.stepWaitStep);
    const { executionArn: arn } = await runtime.startExecution({
      functionName: "sws",
      input: { name: "Di", waitSeconds: 60, key },
    });
    await runtime.settle();
    await runtime.pauseExecution(arn, { reason: "supplier down", clientToken: "p-1" });
    const paused = await runtime.getExecution(arn);
    expect(paused.Status).toBe("PAUSED");
    expect(paused.PauseDetails).toEqual({
      PauseRequestTimestamp: new Date(clock.now()),
      Reason: "supplier down",
      ExecutionTimeoutPaused: true,
    });
    clock.advance(60_000);
    await runtime.settle();
    expect(await status(arn)).toBe("PAUSED");
    expect(h.stepRuns.get(`${key}:finish`)).toBeUndefined();
    const before = await types(runtime, arn);
    expect(before.slice(-2)).toEqual(["ExecutionPaused", "WaitSucceeded"]);
    const { Events } = await runtime.getExecutionHistory(arn);
    expect(Events.find((e) => e.EventType === "ExecutionPaused")?.ExecutionPausedDetails).toEqual({
      PauseRequestTimestamp: new Date(clock.now() - 60_000),
      Reason: { Payload: "supplier down", Truncated: false },
      ExecutionTimeoutPaused: true,
    });
    // A paused execution's name answers the same execution, still paused.
    const again = await runtime.startExecution({
      functionName: "sws",
      executionName: paused.DurableExecutionName,
      input: { name: "Di", waitSeconds: 60, key },
    });
    expect(again).toEqual({ executionArn: arn, alreadyStarted: true });
    await runtime.resumeExecution(arn, { reason: "supplier back" });
    await runtime.settle();
    const done = await runtime.getExecution(arn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(done.PauseDetails).toBeUndefined();
    expect(h.stepRuns.get(`${key}:finish`)).toBe(1);
    const after = await types(runtime, arn);
    expect(after.slice(before.length, before.length + 1)).toEqual(["ExecutionResumed"]);
  });

  it("takes a callback while paused and invokes the handler with it on resume", async () => {
    const { executionArn: arn, callbackId } = await startApproval(runtime, {
      timeoutSeconds: 600,
      key,
    });
    await runtime.pauseExecution(arn);
    await runtime.sendCallbackSuccess(callbackId, '"yes"');
    await runtime.settle();
    expect(await status(arn)).toBe("PAUSED");
    const invocations = count(await types(runtime, arn), "InvocationCompleted");
    await runtime.resumeExecution(arn);
    await runtime.settle();
    const done = await runtime.getExecution(arn);
    expect(JSON.parse(done.Result!)).toEqual({ outcome: "answered", answer: "yes" });
    expect(count(await types(runtime, arn), "InvocationCompleted")).toBe(invocations + 1);
  });

  it("a pause during an invocation is PAUSING until its next checkpoint, then PAUSED", async () => {
    const g = gated();
    runtime.register("gated", g.handler);
    const { executionArn: arn } = await runtime.startExecution({ functionName: "gated" });
    await gatedStepStarted(runtime, arn, g);
    await runtime.pauseExecution(arn);
    expect(await status(arn)).toBe("PAUSING");
    g.release();
    await runtime.settle();
    // The checkpoint of "first" was kept; "second" never ran.
    expect(await status(arn)).toBe("PAUSED");
    expect(g.runs).toEqual({ first: 1, second: 0, third: 0 });
    const history = await types(runtime, arn);
    expect(history).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "ExecutionPaused",
      "InvocationCompleted",
    ]);
    await runtime.resumeExecution(arn);
    await runtime.settle();
    expect(await status(arn)).toBe("SUCCEEDED");
    expect(g.runs).toEqual({ first: 1, second: 1, third: 1 });
  });

  it("resuming a PAUSING execution cancels the pause and the invocation goes on", async () => {
    const g = gated();
    runtime.register("gated", g.handler);
    const { executionArn: arn } = await runtime.startExecution({ functionName: "gated" });
    await gatedStepStarted(runtime, arn, g);
    await runtime.pauseExecution(arn);
    await runtime.resumeExecution(arn);
    expect(await status(arn)).toBe("RUNNING");
    g.release();
    await runtime.settle();
    expect(await status(arn)).toBe("SUCCEEDED");
    expect(count(await types(runtime, arn), "InvocationCompleted")).toBe(1);
    expect(await types(runtime, arn)).not.toContain("ExecutionPaused");
  });

  it("ClientToken makes a repeat a no-op; statuses that do not allow the request conflict", async () => {
    const { executionArn: arn } = await startApproval(runtime, { timeoutSeconds: 600, key });
    await runtime.pauseExecution(arn, { clientToken: "t1", reason: "a" });
    await runtime.pauseExecution(arn, { clientToken: "t1", reason: "a" });
    expect(count(await types(runtime, arn), "ExecutionPaused")).toBe(1);
    await expect(
      runtime.pauseExecution(arn, { clientToken: "t1", reason: "b" }),
    ).rejects.toMatchObject({ errorType: "InvalidParameterValueException" });
    await expect(runtime.pauseExecution(arn)).rejects.toMatchObject({
      errorType: "ResourceConflictException",
    });
    await runtime.resumeExecution(arn, { clientToken: "t2" });
    await runtime.resumeExecution(arn, { clientToken: "t2" });
    expect(count(await types(runtime, arn), "ExecutionResumed")).toBe(1);
    await expect(runtime.resumeExecution(arn)).rejects.toMatchObject({
      errorType: "ResourceConflictException",
    });
    // A token is remembered for 15 minutes.
    clock.advance(15 * 60_000);
    await runtime.pauseExecution(arn, { clientToken: "t1", reason: "b" });
    expect(await status(arn)).toBe("PAUSED");
    // A paused execution can be stopped; a finished one neither paused nor resumed.
    await runtime.stopExecution(arn);
    expect(await status(arn)).toBe("STOPPED");
    expect((await runtime.getExecution(arn)).PauseDetails).toBeUndefined();
    for (const call of [runtime.pauseExecution(arn), runtime.resumeExecution(arn)]) {
      await expect(call).rejects.toMatchObject({ errorType: "ResourceConflictException" });
    }
    await expect(runtime.pauseExecution(`${arn}x`)).rejects.toMatchObject({
      errorType: "ResourceNotFoundException",
    });
  });

  it("a paused execution timeout moves out by the time paused; unpaused, it times out paused", async () => {
    const started = clock.now();
    const { executionArn: held } = await startApproval(
      runtime,
      { timeoutSeconds: 3600, key },
      { executionTimeoutSeconds: 60 },
    );
    const { executionArn: running } = await startApproval(
      runtime,
      { timeoutSeconds: 3600, key },
      { executionTimeoutSeconds: 60 },
    );
    expect((await runtime.getExecution(held)).ExpectedExecutionTimeoutTimestamp).toEqual(
      new Date(started + 60_000),
    );
    clock.advance(10_000);
    await runtime.pauseExecution(held);
    await runtime.pauseExecution(running, { executionTimeoutPaused: false });
    expect((await runtime.getExecution(held)).ExpectedExecutionTimeoutTimestamp).toEqual(
      new Date(started + 366 * 24 * 3600_000),
    );
    clock.advance(120_000);
    await runtime.settle();
    expect(await status(held)).toBe("PAUSED");
    expect(await status(running)).toBe("TIMED_OUT");
    await runtime.resumeExecution(held);
    // 60 s of timeout, moved out by the 120 s it spent paused.
    const due = started + 180_000;
    expect((await runtime.getExecution(held)).ExpectedExecutionTimeoutTimestamp).toEqual(
      new Date(due),
    );
    clock.set(due - 1);
    await runtime.settle();
    expect(await status(held)).toBe("RUNNING");
    clock.set(due);
    await runtime.settle();
    expect(await status(held)).toBe("TIMED_OUT");
  });

  it("lists by the new statuses", async () => {
    const { executionArn: paused } = await startApproval(runtime, { timeoutSeconds: 600, key });
    await startApproval(runtime, { timeoutSeconds: 600, key });
    await runtime.pauseExecution(paused);
    const list = await runtime.listExecutions({ functionName: "approval", statuses: ["PAUSED"] });
    expect(list.DurableExecutions.map((e) => [e.DurableExecutionArn, e.Status])).toEqual([
      [paused, "PAUSED"],
    ]);
  });

  it("deletes only a finished execution: DELETING, then gone; its name is free again", async () => {
    runtime.register("steps", h.sequentialSteps);
    const { executionArn: arn } = await runtime.startExecution({
      functionName: "steps",
      executionName: "to-delete",
      input: { count: 2 },
    });
    const { executionArn: live } = await startApproval(runtime, { timeoutSeconds: 600, key });
    await expect(runtime.deleteExecution(live)).rejects.toMatchObject({
      errorType: "ResourceConflictException",
    });
    await runtime.pauseExecution(live);
    await expect(runtime.deleteExecution(live)).rejects.toMatchObject({
      errorType: "ResourceConflictException",
    });
    await runtime.settle();
    const { DeletionRequestTimestamp } = await runtime.deleteExecution(arn);
    expect(DeletionRequestTimestamp).toEqual(new Date(clock.now()));
    expect(await status(arn)).toBe("DELETING");
    const deleting = await runtime.listExecutions({
      functionName: "steps",
      statuses: ["DELETING"],
    });
    expect(deleting.DurableExecutions).toHaveLength(1);
    await runtime.settle();
    for (const read of [runtime.getExecution(arn), runtime.getExecutionHistory(arn)]) {
      await expect(read).rejects.toMatchObject({ errorType: "ResourceNotFoundException" });
    }
    await expect(runtime.deleteExecution(arn)).rejects.toMatchObject({
      errorType: "ResourceNotFoundException",
    });
    expect((await runtime.listExecutions({ functionName: "steps" })).DurableExecutions).toEqual([]);
    const reused = await runtime.startExecution({
      functionName: "steps",
      executionName: "to-delete",
      input: { count: 3 },
    });
    expect(reused.alreadyStarted).toBe(false);
    await runtime.settle();
    expect(await status(reused.executionArn)).toBe("SUCCEEDED");
    expect(await types(runtime, reused.executionArn)).toContain("ExecutionSucceeded");
  });
});

describe("pause and delete survive a restart (SQLite file)", () => {
  const dir = mkdtempSync(join(tmpdir(), "pause-restart-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a paused execution stays paused across a restart; an unfinished deletion finishes", async () => {
    const path = join(dir, "runtime.sqlite");
    let { runtime, clock } = manualRuntime(new SqliteStore({ path }));
    runtime.register("sws", h.stepWaitStep);
    runtime.register("steps", h.sequentialSteps);
    const { executionArn: arn } = await runtime.startExecution({
      functionName: "sws",
      input: { name: "Ri", waitSeconds: 5, key: "restart" },
    });
    const { executionArn: gone } = await runtime.startExecution({
      functionName: "steps",
      input: { count: 1 },
    });
    await runtime.settle();
    await runtime.pauseExecution(arn, { reason: "maintenance" });
    clock.advance(5_000);
    await runtime.settle();
    await runtime.deleteExecution(gone);
    await runtime.close(); // before the deletion ran: DELETING is what is stored

    ({ runtime, clock } = manualRuntime(new SqliteStore({ path })));
    clock.set(Date.parse("2026-01-01T00:00:05Z"));
    runtime.register("sws", h.stepWaitStep);
    runtime.register("steps", h.sequentialSteps);
    await runtime.settle();
    const paused = await runtime.getExecution(arn);
    expect(paused.Status).toBe("PAUSED");
    expect(paused.PauseDetails?.Reason).toBe("maintenance");
    await expect(runtime.getExecution(gone)).rejects.toMatchObject({
      errorType: "ResourceNotFoundException",
    });
    await runtime.resumeExecution(arn);
    await runtime.settle();
    expect((await runtime.getExecution(arn)).Status).toBe("SUCCEEDED");
    await runtime.close();
  });
});
