import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.js";
import { DurableRuntimeError } from "./errors.js";
import { DurableRuntime } from "./runtime.js";
import { SqliteStore } from "./store/sqlite-store.js";
import { openCallbackId } from "./testing/callbacks.js";
import { freshRuntimeEach } from "./testing/each-store.js";
import { historyTypes, testStores } from "./testing/fixture.js";
import * as h from "./testing/handlers.js";

const operationNamed = async (runtime: DurableRuntime, arn: string, name: string) => {
  const { Events } = await runtime.getExecutionHistory(arn);
  const id = Events.find((e) => e.Name === name)?.Id;
  if (!id) throw new Error(`no operation ${name}`);
  return id;
};

describe.each(testStores)("fire now on %s", (storeName, makeStore) => {
  let runtime: DurableRuntime;
  let key: string;
  freshRuntimeEach(makeStore, `${storeName}-fire`, (fresh) => {
    ({ runtime, key } = fresh);
  });

  it("completes a pending one-hour wait as if its time had come, without moving the clock", async () => {
    runtime.register("greeter", h.stepWaitStep);
    const { executionArn } = await runtime.startExecution({
      functionName: "greeter",
      input: { name: "Ada", waitSeconds: 3600, key },
    });
    await runtime.settle();
    const wait = await operationNamed(runtime, executionArn, "pause");
    expect(await runtime.fireNow(executionArn, wait)).toEqual({ fired: "WAIT" });
    await runtime.settle();
    const done = await runtime.getExecution(executionArn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(done.EndTimestamp).toEqual(new Date("2026-01-01T00:00:00Z"));
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
  });

  it("fires a paused execution's wait, which goes on once resumed", async () => {
    runtime.register("greeter", h.stepWaitStep);
    const { executionArn } = await runtime.startExecution({
      functionName: "greeter",
      input: { name: "Ada", waitSeconds: 3600, key },
    });
    await runtime.settle();
    await runtime.pauseExecution(executionArn);
    await runtime.settle();
    await runtime.fireNow(executionArn, await operationNamed(runtime, executionArn, "pause"));
    await runtime.settle();
    expect(await historyTypes(runtime, executionArn)).toContain("WaitSucceeded");
    expect((await runtime.getExecution(executionArn)).Status).toBe("PAUSED");
    await runtime.resumeExecution(executionArn);
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("SUCCEEDED");
  });

  it("runs a step's scheduled retry now", async () => {
    runtime.register("flaky", h.flakyStep);
    const { executionArn } = await runtime.startExecution({
      functionName: "flaky",
      input: { failures: 1, retries: 3, key },
    });
    await runtime.settle();
    const step = await operationNamed(runtime, executionArn, "flaky");
    expect(await runtime.fireNow(executionArn, step)).toEqual({ fired: "RETRY" });
    await runtime.settle();
    const done = await runtime.getExecution(executionArn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(JSON.parse(done.Result ?? "")).toEqual({ succeededOnAttempt: 2 });
  });

  it("refuses anything but a pending wait or retry, saying what it is", async () => {
    runtime.register("approval", h.approval);
    const { executionArn } = await runtime.startExecution({
      functionName: "approval",
      input: { timeoutSeconds: 60, key },
    });
    await runtime.settle();
    const context = await operationNamed(runtime, executionArn, "approval");
    const refusal = await runtime.fireNow(executionArn, context).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DurableRuntimeError);
    expect(refusal).toMatchObject({
      code: "NOT_FIREABLE",
      errorType: "InvalidParameterValueException",
      message:
        'Fire now applies to a pending wait or a step waiting to retry; CONTEXT "approval" is STARTED',
    });
    await expect(runtime.fireNow(executionArn, "no-such-op")).rejects.toMatchObject({
      code: "OPERATION_NOT_FOUND",
    });
    await runtime.sendCallbackSuccess((await openCallbackId(runtime, executionArn))!, '"ok"');
    await runtime.settle();
    await expect(runtime.fireNow(executionArn, context)).rejects.toThrow(
      /needs an unfinished execution; this one is SUCCEEDED/,
    );
  });
});

describe("fire now on a SQLite file", () => {
  it("survives a restart before the timer fired", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "fire-now-")), "runtime.sqlite");
    const clock = new ManualClock();
    const first = new DurableRuntime({ store: new SqliteStore({ path }), clock });
    first.register("greeter", h.stepWaitStep);
    const { executionArn } = await first.startExecution({
      functionName: "greeter",
      input: { name: "Ada", waitSeconds: 3600, key: "fire-restart" },
    });
    await first.settle();
    await first.fireNow(executionArn, await operationNamed(first, executionArn, "pause"));
    await first.close(); // before the clock timer ran: only the store knows

    const second = new DurableRuntime({ store: new SqliteStore({ path }), clock });
    second.register("greeter", h.stepWaitStep);
    await second.settle();
    expect((await second.getExecution(executionArn)).Status).toBe("SUCCEEDED");
    await second.close();
  });
});
