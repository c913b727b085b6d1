import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DurableRuntimeError, SqliteStore } from "../index.js";
import { loadSqlite } from "../store/sqlite-module.js";
import { openCallbackId } from "../testing/callbacks.js";
import { manualRuntime, runToCompletion } from "../testing/fixture.js";
import * as h from "../testing/handlers.js";

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

/** Opens a SqliteStore and hands back its connection too. */
function openStore(path: string): { store: SqliteStore; db: DatabaseSync } {
  const proto = loadSqlite().DatabaseSync.prototype;
  const exec = proto.exec;
  let db: DatabaseSync | undefined;
  proto.exec = function capture(this: DatabaseSync, sql: string) {
    db ??= this;
    return exec.call(this, sql);
  };
  try {
    const store = new SqliteStore({ path });
    return { store, db: db! };
  } finally {
    proto.exec = exec;
  }
}

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
    const { store, db } = openStore(path);
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
    const reopened = openStore(path);
    expect(integrity(reopened.db)).toBe("ok");
    const { runtime: second } = manualRuntime(reopened.store);
    second.register("steps", h.sequentialSteps);
    expect((await second.getExecution(after.executionArn)).Status).toBe("SUCCEEDED");
    await second.close();
  });

  // GAP (store, not owned here): SQLite rolls a transaction back by itself on SQLITE_FULL, so
  // SqliteStore.transaction's own ROLLBACK throws "cannot rollback - no transaction is active"
  // and that error replaces the real one (and skips discarding the pending checkpoint-log
  // rows). The fix is to roll back only while `db.isTransaction`, and to raise a
  // DurableRuntimeError with a code for SQLITE_FULL / SQLITE_READONLY. This test states the
  // wanted behaviour; `it.fails` keeps the suite green until the store is fixed: then it fails
  // here and should become a plain `it`.
  it.fails("names the cause: a DurableRuntimeError with a code saying the disk is full", async () => {
    const { store, db } = openStore(join(dir, "runtime.sqlite"));
    const { runtime } = manualRuntime(store);
    runtime.register("steps", h.sequentialSteps);
    fillDisk(db);
    const refused = await startUntilRefused(runtime);
    await runtime.close();
    expect(refused).toBeInstanceOf(DurableRuntimeError);
    expect((refused as DurableRuntimeError).code).toBeDefined();
    expect((refused as Error).message).toMatch(/full/i);
  });
});
