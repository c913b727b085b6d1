import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { InvokeCommand, ServiceException } from "@aws-sdk/client-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DurableExecutionInvocationInputWithClient } from "../engine/invocation-input.js";
import { DurableRuntimeError, SqliteStore } from "../index.js";
import { openCallbackId } from "../testing/callbacks.js";
import { gate, manualRuntime, runToCompletion } from "../testing/fixture.js";
import * as h from "../testing/handlers.js";
import { startHttpFace } from "../testing/http-face.js";
import { openStoreWithConnection } from "../testing/store-connection.js";

// A full disk, played by SQLite's own page limit: `PRAGMA max_page_count` caps the file at
// its current size, so the next write that needs a page fails with SQLITE_FULL exactly as it
// would on a full volume. The store's connection is private and holds an exclusive lock, so
// the test takes hold of it when the store opens it (test-only: the runtime is unchanged).

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "durable-full-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pages = (db: DatabaseSync) =>
  (db.prepare("PRAGMA page_count").get() as { page_count: number }).page_count;
const fillDisk = (db: DatabaseSync) => db.exec(`PRAGMA max_page_count = ${pages(db)}`);
const freeDisk = (db: DatabaseSync) => db.exec("PRAGMA max_page_count = 1073741823");
const integrity = (db: DatabaseSync) =>
  (db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check;

/** Starts executions with padded inputs until the full file refuses one; that error. */
async function startUntilRefused(runtime: ReturnType<typeof manualRuntime>["runtime"]) {
  for (let i = 0; i < 200; i++) {
    try {
      await runtime.startExecution({
        functionName: "steps",
        input: { count: 1, pad: "x".repeat(20_000) },
      });
    } catch (error) {
      return error;
    }
  }
  throw new Error("the capped file never filled up");
}

describe("a full disk under the SQLite store", () => {
  it("refuses new work while full, keeps the file intact, and recovers when space returns", async () => {
    const path = join(dir, "runtime.sqlite");
    const { store, db } = openStoreWithConnection({ path });
    const { runtime, clock } = manualRuntime(store);
    runtime.register("steps", h.sequentialSteps);
    runtime.register("approval", h.approval);
    const done = await runtime.startExecution({ functionName: "steps", input: { count: 3 } });
    const waiting = await runtime.startExecution({
      functionName: "approval",
      input: { timeoutSeconds: 3600 },
    });
    await runtime.settle();
    const callbackId = (await openCallbackId(runtime, waiting.executionArn))!;
    expect(callbackId).toBeDefined();
    const before = (await runtime.listExecutions({ functionName: "steps" })).DurableExecutions;

    fillDisk(db);
    expect(await startUntilRefused(runtime)).toBeInstanceOf(Error);
    // A callback answer that needs room is refused too, and the callback stays open.
    await expect(
      runtime.sendCallbackSuccess(callbackId, JSON.stringify("y".repeat(200_000))),
    ).rejects.toThrow();
    await runtime.settle();
    expect(integrity(db)).toBe("ok");
    expect((await runtime.getExecution(waiting.executionArn)).Status).toBe("RUNNING");
    expect(await openCallbackId(runtime, waiting.executionArn)).toBe(callbackId);
    // Nothing half-written: the executions the full file let in are complete records, and
    // the refused ones left nothing behind.
    const whileFull = (await runtime.listExecutions({ functionName: "steps" })).DurableExecutions!;
    expect(whileFull.length).toBeGreaterThanOrEqual(before!.length);
    for (const e of whileFull) {
      await expect(runtime.getExecution(e.DurableExecutionArn!)).resolves.toBeDefined();
    }

    freeDisk(db);
    await runtime.sendCallbackSuccess(callbackId, JSON.stringify("yes"));
    expect((await runToCompletion(runtime, clock, waiting.executionArn)).Result).toBe(
      JSON.stringify({ outcome: "answered", answer: "yes" }),
    );
    const after = await runtime.startExecution({ functionName: "steps", input: { count: 2 } });
    expect((await runToCompletion(runtime, clock, after.executionArn)).Status).toBe("SUCCEEDED");
    expect((await runtime.getExecution(done.executionArn)).Status).toBe("SUCCEEDED");
    await runtime.close();

    // And the file reopens cleanly in a new runtime with everything in it.
    const reopened = openStoreWithConnection({ path });
    expect(integrity(reopened.db)).toBe("ok");
    const { runtime: second } = manualRuntime(reopened.store);
    second.register("steps", h.sequentialSteps);
    expect((await second.getExecution(after.executionArn)).Status).toBe("SUCCEEDED");
    await second.close();
  });

  it("names the cause: a DurableRuntimeError with a code saying the disk is full", async () => {
    const { store, db } = openStoreWithConnection({ path: join(dir, "runtime.sqlite") });
    const { runtime } = manualRuntime(store);
    runtime.register("steps", h.sequentialSteps);
    fillDisk(db);
    const refused = await startUntilRefused(runtime);
    expect(integrity(db)).toBe("ok");
    await runtime.close();
    expect(refused).toBeInstanceOf(DurableRuntimeError);
    expect((refused as DurableRuntimeError).code).toBe("STORE_FULL");
    expect((refused as DurableRuntimeError).errorType).toBe("ServiceException");
    expect((refused as Error).message).toMatch(/full/i);
  });

  it("keeps a running execution: its invocations wait out the full disk, then it finishes", async () => {
    const path = join(dir, "runtime.sqlite");
    const { store, db } = openStoreWithConnection({ path });
    const { runtime, clock } = manualRuntime(store);
    runtime.register("big", bigSteps);
    const { executionArn } = await runtime.startExecution({
      functionName: "big",
      input: { count: 3, size: 20_000 },
    });
    await runtime.settle(); // suspended in the wait
    fillDisk(db);
    // Far more retries than maxInvocationRetries (5) while full: none fails the execution.
    for (let i = 0; i < 12; i++) {
      clock.advance(30_000);
      await runtime.settle();
    }
    expect((await runtime.getExecution(executionArn)).Status).toBe("RUNNING");
    expect(integrity(db)).toBe("ok");

    freeDisk(db);
    for (let i = 0; i < 3 && (await runtime.getExecution(executionArn)).Status === "RUNNING"; i++) {
      clock.advance(30_000);
      await runtime.settle();
    }
    const done = await runtime.getExecution(executionArn);
    expect(done.Status).toBe("SUCCEEDED");
    expect(done.Result).toBe(JSON.stringify({ total: 60_000 }));
    await runtime.close();
    const reopened = openStoreWithConnection({ path });
    expect(integrity(reopened.db)).toBe("ok");
    reopened.store.close();
  });

  it("answers Lambda's ServiceException (500) over HTTP while full, and keeps serving", async () => {
    const { store, db } = openStoreWithConnection({ path: join(dir, "runtime.sqlite") });
    const face = await startHttpFace(store);
    face.runtime.register("steps", h.sequentialSteps);
    const { lambda } = face;
    const invoke = (name: string) =>
      lambda.send(
        new InvokeCommand({
          FunctionName: "steps",
          InvocationType: "Event",
          DurableExecutionName: name,
          Payload: new TextEncoder().encode(JSON.stringify({ count: 1, pad: "x".repeat(40_000) })),
        }),
      );
    try {
      fillDisk(db);
      let refused: unknown;
      for (let i = 0; i < 50 && !refused; i++)
        await invoke(`full-${i}`).catch((e) => (refused = e));
      expect(refused).toBeInstanceOf(ServiceException);
      expect((refused as ServiceException).$metadata.httpStatusCode).toBe(500);
      expect((refused as Error).message).toMatch(/full/i);
      freeDisk(db);
      await expect(invoke("after")).resolves.toMatchObject({ StatusCode: 202 });
    } finally {
      await face.close();
    }
  });
});

describe("a full disk under a group commit", () => {
  it("refuses every checkpoint of the turn, keeps none of them, and the executions finish later", async () => {
    const path = join(dir, "runtime.sqlite");
    const { store, db } = openStoreWithConnection({ path, groupCommit: true });
    const { runtime, clock } = manualRuntime(store);
    const deferred: string[] = [];
    const defer = store.defer!.bind(store);
    store.defer = <T>(fn: () => T, done: (error?: Error) => void): T => {
      try {
        const result = defer(fn, done);
        deferred.push("applied");
        return result;
      } catch (error) {
        deferred.push("refused");
        throw error;
      }
    };
    // First invocation: hands its event to the test and waits; the next one succeeds.
    const first = new Map<string, DurableExecutionInvocationInputWithClient>();
    const invocations = new Map<string, number>();
    const held = gate();
    runtime.register("raw", async (event: DurableExecutionInvocationInputWithClient) => {
      const arn = event.DurableExecutionArn;
      const n = (invocations.get(arn) ?? 0) + 1;
      invocations.set(arn, n);
      if (n > 1) return { Status: "SUCCEEDED", Result: JSON.stringify(`invocation ${n}`) };
      first.set(arn, event);
      await held.opened;
      return { Status: "PENDING" };
    });
    const a = (await runtime.startExecution({ functionName: "raw" })).executionArn;
    const b = (await runtime.startExecution({ functionName: "raw" })).executionArn;
    while (first.size < 2) await new Promise((resolve) => setImmediate(resolve));

    // Room for a small write, not for a 100 KB result: in one turn, a's small checkpoint is
    // applied, then b's does not fit, and SQLite rolls the whole transaction back.
    db.exec(`PRAGMA max_page_count = ${pages(db) + 3}`);
    deferred.length = 0;
    const checkpoint = (arn: string, update: Record<string, unknown>) => {
      const event = first.get(arn)!;
      return event.durableExecutionClient
        .checkpoint({
          DurableExecutionArn: arn,
          CheckpointToken: event.CheckpointToken,
          Updates: [update as never],
        })
        .then(
          () => "answered",
          (error: { code?: string }) => error.code,
        );
    };
    const root = first.get(b)!.InitialExecutionState.Operations[0]!.Id!;
    const replies = Promise.all([
      checkpoint(a, { Id: "small", Type: "STEP", Action: "START", Name: "small" }),
      checkpoint(b, {
        Id: root,
        Type: "EXECUTION",
        Action: "SUCCEED",
        Payload: JSON.stringify("x".repeat(100_000)),
      }),
    ]);
    expect(deferred).toEqual(["applied", "refused"]);
    expect(await replies).toEqual(["STORE_FULL", "STORE_FULL"]);
    // Both invocations are abandoned (to be run again from the store): even with room again,
    // their next checkpoint gets the store's error.
    freeDisk(db);
    expect(await checkpoint(a, { Id: "later", Type: "STEP", Action: "START" })).toBe("STORE_FULL");
    expect(store.getOperation(a, "small")).toBeUndefined();
    expect((await runtime.getExecution(b)).Status).toBe("RUNNING");

    held.open();
    await runtime.settle();
    clock.advance(60_000); // past the retry of the abandoned invocations
    await runtime.settle();
    for (const arn of [a, b]) {
      const done = await runtime.getExecution(arn);
      expect(done.Status).toBe("SUCCEEDED");
      expect(done.Result).toBe(JSON.stringify("invocation 2"));
    }
    await runtime.close();
    const reopened = openStoreWithConnection({ path });
    expect(integrity(reopened.db)).toBe("ok");
    expect(reopened.store.getOperation(a, "small")).toBeUndefined();
    reopened.store.close();
  });
});

describe("a read-only SQLite file", () => {
  // Root ignores file modes, so the test makes the file read-only the ways SQLite itself
  // offers: `PRAGMA query_only` on the running store (as when the volume turns read-only under
  // it), and a read-only open (`mode=ro`) for a store started on a file it cannot write.
  const readOnly = (db: DatabaseSync, on: boolean) =>
    db.exec(`PRAGMA query_only = ${on ? "ON" : "OFF"}`);

  it("refuses writes with STORE_READ_ONLY, corrupts nothing, and recovers when writable", async () => {
    const path = join(dir, "runtime.sqlite");
    const { store, db } = openStoreWithConnection({ path });
    const { runtime, clock } = manualRuntime(store);
    runtime.register("approval", h.approval);
    runtime.register("wait", h.stepWaitStep);
    const waiting = await runtime.startExecution({
      functionName: "approval",
      input: { timeoutSeconds: 3600 },
    });
    const sleeper = await runtime.startExecution({
      functionName: "wait",
      input: { name: "ro", waitSeconds: 10 },
    });
    await runtime.settle();
    const callbackId = (await openCallbackId(runtime, waiting.executionArn))!;

    readOnly(db, true);
    const refused = await runtime
      .sendCallbackSuccess(callbackId, JSON.stringify("no"))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DurableRuntimeError);
    expect((refused as DurableRuntimeError).code).toBe("STORE_READ_ONLY");
    expect((refused as Error).message).toMatch(/read-only/);
    await expect(
      runtime.startExecution({ functionName: "wait", input: { name: "x", waitSeconds: 1 } }),
    ).rejects.toMatchObject({ code: "STORE_READ_ONLY" });
    clock.advance(20_000); // the wait is due, and cannot be written as done
    await runtime.settle();
    expect((await runtime.getExecution(sleeper.executionArn)).Status).toBe("RUNNING");
    expect(await openCallbackId(runtime, waiting.executionArn)).toBe(callbackId);

    readOnly(db, false);
    await runtime.sendCallbackSuccess(callbackId, JSON.stringify("yes"));
    clock.advance(30_000); // past the store retry's backoff
    await runtime.settle();
    expect((await runtime.getExecution(waiting.executionArn)).Result).toBe(
      JSON.stringify({ outcome: "answered", answer: "yes" }),
    );
    expect((await runtime.getExecution(sleeper.executionArn)).Status).toBe("SUCCEEDED");
    await runtime.close();

    const reopened = openStoreWithConnection({ path });
    expect(integrity(reopened.db)).toBe("ok");
    const { runtime: second } = manualRuntime(reopened.store);
    expect((await second.getExecution(sleeper.executionArn)).Status).toBe("SUCCEEDED");
    await second.close();
  });

  it("refuses to open a file it cannot write, with a clear error", async () => {
    const path = join(dir, "runtime.sqlite");
    new SqliteStore({ path }).close();
    let error: unknown;
    try {
      new SqliteStore({ path: `file:${path}?mode=ro` }).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DurableRuntimeError);
    expect((error as DurableRuntimeError).code).toBe("STORE_READ_ONLY");
    expect((error as Error).message).toMatch(/read-only/);
    const again = openStoreWithConnection({ path });
    expect(integrity(again.db)).toBe("ok");
    again.store.close();
  });
});

/** A step, a 10 s wait, then `count` steps each returning `size` characters. */
const bigSteps = withDurableExecution(
  async (event: { count: number; size: number }, ctx: DurableContext) => {
    await ctx.step("first", async () => 1);
    await ctx.wait("pause", { seconds: 10 });
    let total = 0;
    for (let i = 0; i < event.count; i++) {
      total += (await ctx.step(`big-${i}`, async () => "z".repeat(event.size))).length;
    }
    return { total };
  },
);
