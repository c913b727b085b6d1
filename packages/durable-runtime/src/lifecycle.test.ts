import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DurableExecutionInvocationInput } from "@aws/durable-execution-sdk-js";
import { afterAll, describe, expect, it } from "vitest";
import type { ManualClock } from "./clock.js";
import { DurableRuntime } from "./runtime.js";
import { SqliteStore } from "./store/sqlite-store.js";
import { freshRuntimeEach } from "./testing/each-store.js";
import {
  historyTypes,
  manualRuntime,
  runToCompletion,
  startApproval,
  testStores,
} from "./testing/fixture.js";
import * as h from "./testing/handlers.js";

describe.each(testStores)("execution lifecycle on %s", (storeName, makeStore) => {
  let clock: ManualClock;
  let runtime: DurableRuntime;
  let key: string;
  freshRuntimeEach(makeStore, `${storeName}-life`, (fresh) => {
    ({ runtime, clock, key } = fresh);
  });

  it("times an execution out after the function's execution timeout", async () => {
    const { executionArn, callbackId } = await startApproval(
      runtime,
      { timeoutSeconds: 3600, key },
      { executionTimeoutSeconds: 120 },
    );
    clock.advance(120_000);
    await runtime.settle();
    const done = await runtime.getExecution(executionArn);
    expect(done.Status).toBe("TIMED_OUT");
    expect(done.DurableConfig).toEqual({ ExecutionTimeout: 120 });
    expect((await historyTypes(runtime, executionArn)).at(-1)).toBe("ExecutionTimedOut");
    await expect(runtime.sendCallbackSuccess(callbackId, "{}")).rejects.toMatchObject({
      errorType: "CallbackTimeoutException",
    });
  });

  it("stops a running execution; a second stop is rejected", async () => {
    const { executionArn } = await startApproval(runtime, { timeoutSeconds: 3600, key });
    const { StopTimestamp } = await runtime.stopExecution(executionArn, {
      ErrorType: "Cancelled",
      ErrorMessage: "customer left",
    });
    expect(StopTimestamp).toEqual(new Date(clock.now()));
    const done = await runtime.getExecution(executionArn);
    expect(done).toMatchObject({ Status: "STOPPED", Error: { ErrorMessage: "customer left" } });
    await expect(runtime.stopExecution(executionArn)).rejects.toMatchObject({
      errorType: "InvalidParameterValueException",
    });
    await expect(runtime.stopExecution(`${executionArn}x`)).rejects.toMatchObject({
      errorType: "ResourceNotFoundException",
    });
  });

  it("retries an invocation that throws, with backoff on the clock", async () => {
    let throws = 2;
    runtime.register("shaky", async (event: DurableExecutionInvocationInput, ctx: unknown) => {
      if (throws-- > 0) throw new Error("network blip");
      return h.stepWaitStep(event, ctx as never);
    });
    const { executionArn } = await runtime.startExecution({
      functionName: "shaky",
      input: { name: "Di", waitSeconds: 1, key },
    });
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("RUNNING");
    clock.advance(1_000); // first retry after 1 s
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("RUNNING");
    clock.advance(2_000); // second after 2 s more, which reaches the handler's 1 s wait
    await runtime.settle();
    clock.advance(1_000);
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("SUCCEEDED");
    const { Events } = await runtime.getExecutionHistory(executionArn);
    const errors = Events.filter((e) => e.EventType === "InvocationCompleted").map(
      (e) => e.InvocationCompletedDetails?.Error?.Payload?.ErrorMessage,
    );
    expect(errors.slice(0, 2)).toEqual(["network blip", "network blip"]);
  });

  it("fails the execution when invocations keep throwing", async () => {
    const r = manualRuntime(makeStore(), { maxInvocationRetries: 1 });
    r.runtime.register("broken", async () => {
      throw new Error("always");
    });
    const { executionArn } = await r.runtime.startExecution({ functionName: "broken" });
    await r.runtime.settle();
    r.clock.advance(1_000);
    await r.runtime.settle();
    expect(await r.runtime.getExecution(executionArn)).toMatchObject({
      Status: "FAILED",
      Error: { ErrorMessage: "always" },
    });
    await r.runtime.close();
  });

  it("fails at once when the handler is not a durable handler", async () => {
    runtime.register("plain", async () => ({ statusCode: 200 }));
    const { executionArn } = await runtime.startExecution({ functionName: "plain" });
    await runtime.settle();
    expect(await runtime.getExecution(executionArn)).toMatchObject({
      Status: "FAILED",
      Error: { ErrorType: "InvalidHandlerResponse" },
    });
  });

  it("logs which execution, invocation and operation each line is about", async () => {
    const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
    const r = manualRuntime(makeStore(), {
      logger: { log: (level, message, fields) => lines.push({ level, message, fields }) },
    });
    r.runtime.register("greeter", h.stepWaitStep);
    const { executionArn } = await r.runtime.startExecution({
      functionName: "greeter",
      executionName: "logged",
      input: { name: "L", waitSeconds: 5, key },
    });
    await r.runtime.settle();
    r.clock.advance(5_000);
    await r.runtime.settle();
    await r.runtime.close();
    const finish = lines.find(
      (l) => l.message === "checkpoint" && l.fields.operationName === "finish",
    );
    expect(finish?.fields).toMatchObject({
      executionArn,
      executionName: "logged",
      invocation: 2,
      replay: true,
      operationType: "STEP",
    });
    expect(lines.some((l) => l.message === "execution succeeded")).toBe(true);
  });

  it("runs many executions with a bounded number of invocations at once", async () => {
    const r = manualRuntime(makeStore(), { maxConcurrentInvocations: 3 });
    let running = 0;
    let peak = 0;
    r.runtime.register("greeter", async (event: DurableExecutionInvocationInput, ctx: unknown) => {
      running++;
      peak = Math.max(peak, running);
      try {
        return await h.stepWaitStep(event, ctx as never);
      } finally {
        running--;
      }
    });
    const arns: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { executionArn } = await r.runtime.startExecution({
        functionName: "greeter",
        input: { name: `c${i}`, waitSeconds: 10, key },
      });
      arns.push(executionArn);
    }
    await r.runtime.settle();
    r.clock.advance(10_000);
    await r.runtime.settle();
    for (const arn of arns) expect((await r.runtime.getExecution(arn)).Status).toBe("SUCCEEDED");
    expect(peak).toBe(3);
    await r.runtime.close();
  });

  it("lists executions by function with filters and pages", async () => {
    runtime.register("greeter", h.stepWaitStep);
    const arns: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      const { executionArn } = await runtime.startExecution({
        functionName: "greeter",
        executionName: `o-${i}`,
        input: { name: `n${i}`, waitSeconds: i < 2 ? 1 : 60, key },
      });
      arns.push(executionArn);
    }
    await runtime.settle();
    clock.advance(1_000); // o-0 and o-1 finish their 1 s wait, the others wait on
    await runtime.settle();
    const first = await runtime.listExecutions({ functionName: "greeter", maxItems: 2 });
    expect(first.DurableExecutions.map((e) => e.DurableExecutionName)).toEqual(["o-0", "o-1"]);
    const second = await runtime.listExecutions({
      functionName: "greeter",
      maxItems: 2,
      marker: first.NextMarker,
    });
    expect(second.DurableExecutions.map((e) => e.DurableExecutionName)).toEqual(["o-2", "o-3"]);
    const running = await runtime.listExecutions({
      functionName: "greeter",
      statuses: ["RUNNING"],
    });
    expect(running.DurableExecutions).toHaveLength(3);
    const succeeded = await runtime.listExecutions({
      functionName: "greeter",
      statuses: ["SUCCEEDED"],
      reverseOrder: true,
    });
    expect(succeeded.DurableExecutions.map((e) => e.DurableExecutionName)).toEqual(["o-1", "o-0"]);
    const byName = await runtime.listExecutions({ functionName: "greeter", executionName: "o-3" });
    expect(byName.DurableExecutions[0]).toMatchObject({
      DurableExecutionArn: arns[3],
      Status: "RUNNING",
    });
  });

  it("pages history forwards and backwards and can leave payloads out", async () => {
    runtime.register("greeter", h.stepWaitStep);
    const { executionArn } = await runtime.startExecution({
      functionName: "greeter",
      input: { name: "Eve", waitSeconds: 1, key },
    });
    await runToCompletion(runtime, clock, executionArn);
    const all = (await runtime.getExecutionHistory(executionArn)).Events;
    const page1 = await runtime.getExecutionHistory(executionArn, { maxItems: 3 });
    const page2 = await runtime.getExecutionHistory(executionArn, {
      maxItems: 100,
      marker: page1.NextMarker,
    });
    expect([...page1.Events, ...page2.Events]).toEqual(all);
    expect(page2.NextMarker).toBeUndefined();
    const reversed = await runtime.getExecutionHistory(executionArn, { reverseOrder: true });
    expect(reversed.Events.map((e) => e.EventId)).toEqual(all.map((e) => e.EventId).reverse());
    for (const reverseOrder of [false, true]) {
      for (const maxItems of [1, 2, 5]) {
        const seen: number[] = [];
        let marker: string | undefined;
        do {
          const page = await runtime.getExecutionHistory(executionArn, {
            maxItems,
            marker,
            reverseOrder,
          });
          expect(page.Events.length).toBeLessThanOrEqual(maxItems);
          seen.push(...page.Events.map((e) => e.EventId!));
          marker = page.NextMarker;
        } while (marker);
        const ids = all.map((e) => e.EventId!);
        expect(seen).toEqual(reverseOrder ? ids.reverse() : ids);
      }
    }
    const bare = await runtime.getExecutionHistory(executionArn, { includeExecutionData: false });
    expect(bare.Events[0]?.ExecutionStartedDetails?.Input).toEqual({});
    await expect(runtime.getExecutionHistory(executionArn, { maxItems: 0 })).rejects.toMatchObject({
      errorType: "InvalidParameterValueException",
    });
  });

  it("waitForCompletion resolves when the clock lets the execution finish", async () => {
    runtime.register("greeter", h.stepWaitStep);
    const { executionArn } = await runtime.startExecution({
      functionName: "greeter",
      input: { name: "Flo", waitSeconds: 30, key },
    });
    const done = runtime.waitForCompletion(executionArn);
    await runtime.settle();
    clock.advance(30_000); // the manual clock fires the armed timer itself
    expect((await done).Status).toBe("SUCCEEDED");
    await expect(
      runtime.waitForCompletion(
        (
          await runtime.startExecution({
            functionName: "greeter",
            input: { name: "G", waitSeconds: 99, key },
          })
        ).executionArn,
        { timeoutMs: 20 },
      ),
    ).rejects.toMatchObject({ code: "WAIT_TIMEOUT" });
  });

  it("re-invokes with the full state, pruned children and the ids that changed meanwhile", async () => {
    const seen: { names: string[]; updated: string[] }[] = [];
    const spy =
      (inner: typeof h.childContext) =>
      (
        event: DurableExecutionInvocationInput & { UpdatedOperationIds?: string[] },
        ctx: unknown,
      ) => {
        seen.push({
          names: event.InitialExecutionState.Operations!.map((o) => o.Name ?? o.Type!),
          updated: event.UpdatedOperationIds ?? [],
        });
        return inner(event, ctx as never);
      };
    runtime.register("child", spy(h.childContext));
    const { executionArn } = await runtime.startExecution({ functionName: "child" });
    await runtime.settle();
    clock.advance(1_000);
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("SUCCEEDED");
    expect(seen).toHaveLength(2);
    expect(seen[0]!.names).toEqual(["EXECUTION"]);
    // The finished "reserve" context replays from its result: its steps are not sent.
    expect(seen[1]!.names).toEqual(["EXECUTION", "reserve", "settle"]);
    const { Events } = await runtime.getExecutionHistory(executionArn);
    const waitId = Events.find((e) => e.EventType === "WaitStarted")!.Id;
    expect(seen[1]!.updated).toEqual([waitId]);
  });

  it("rejects checkpoints without a live invocation token", async () => {
    runtime.register("greeter", h.stepWaitStep);
    const { executionArn } = await runtime.startExecution({
      functionName: "greeter",
      input: { name: "H", waitSeconds: 60, key },
    });
    await runtime.settle();
    await expect(
      runtime.checkpoint(executionArn, { CheckpointToken: "stale.1", Updates: [] }),
    ).rejects.toMatchObject({
      errorType: "InvalidParameterValueException",
      message: /^Invalid Checkpoint Token/,
    });
    await expect(runtime.checkpoint("arn:nope", { CheckpointToken: "x" })).rejects.toMatchObject({
      errorType: "ResourceNotFoundException",
    });
    await expect(
      runtime.getExecutionState(executionArn, { CheckpointToken: "" }),
    ).rejects.toMatchObject({
      errorType: "InvalidParameterValueException",
    });
  });
});

describe("restart on the same SQLite file", () => {
  const dir = mkdtempSync(join(tmpdir(), "durable-runtime-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("resumes suspended executions from the store: due timers fire, completed steps stay done", async () => {
    const path = join(dir, "restart.db");
    const key = "restart-1";
    const { runtime: first, clock } = manualRuntime(new SqliteStore({ path }));
    first.register("greeter", h.stepWaitStep);
    const { executionArn } = await first.startExecution({
      functionName: "greeter",
      input: { name: "Ida", waitSeconds: 300, key },
    });
    await first.settle();
    await first.close();
    clock.advance(600_000); // time passes while nothing runs
    const second = new DurableRuntime({
      store: new SqliteStore({ path, durability: "power" }),
      clock,
    });
    second.register("greeter", h.stepWaitStep);
    await second.settle();
    const done = await second.getExecution(executionArn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(h.stepRuns.get(`${key}:greet`)).toBe(1);
    expect(h.stepRuns.get(`${key}:finish`)).toBe(1);
    await second.close();
  });
});
