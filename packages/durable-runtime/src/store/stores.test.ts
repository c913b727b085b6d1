import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { executionRecord as record, testStores } from "../testing/fixture.js";
import type { ExecutionRecord, Operation } from "../types.js";
import { encodeEvent, encodeOperation } from "./operation-codec.js";
import { ROWS_PER_EXECUTION } from "./sqlite-checkpoint-log.js";
import { SqliteStore } from "./sqlite-store.js";

const op = (id: string, status: Operation["Status"], at = 0): Operation => ({
  Id: id,
  Type: "STEP",
  Status: status,
  StartTimestamp: new Date(at),
});

describe.each(testStores)("%s keeps operations in first-write order", (_name, makeStore) => {
  it("returns the latest state of each operation, in the order they were first written", () => {
    const store = makeStore();
    store.transaction(() => store.insertExecution(record("a")));
    store.transaction(() => {
      store.putOperation("a", op("x", "STARTED"));
      store.putOperation("a", op("y", "STARTED"));
      store.appendEvents("a", [{ EventId: 1, EventType: "StepStarted" }]);
    });
    store.transaction(() => store.putOperation("a", op("x", "SUCCEEDED", 5)));
    store.compact?.("a");
    store.transaction(() => {
      store.putOperation("a", op("z", "STARTED"));
      store.putOperation("a", op("y", "FAILED"));
    });
    expect(store.listOperations("a").map((o) => [o.Id, o.Status])).toEqual([
      ["x", "SUCCEEDED"],
      ["y", "FAILED"],
      ["z", "STARTED"],
    ]);
    expect(store.getOperation("a", "x")).toMatchObject({
      Status: "SUCCEEDED",
      StartTimestamp: new Date(5),
    });
    expect(store.getOperation("a", "y")?.Status).toBe("FAILED");
    expect(store.getOperation("a", "nope")).toBeUndefined();
    expect(store.lastEventId("a")).toBe(1);
    store.close();
  });

  it("keeps executions apart when their checkpoints interleave", () => {
    const store = makeStore();
    store.transaction(() => {
      store.insertExecution(record("old"));
      store.insertExecution(record("new"));
    });
    // Rows of the older execution keep arriving after the newer one's: each reads its own.
    for (let i = 1; i <= 12; i++) {
      for (const arn of ["new", "old"]) {
        store.transaction(() => {
          store.putOperation(arn, op(`${arn}-${i}`, "SUCCEEDED", i));
          store.appendEvents(arn, [
            { EventId: 2 * i - 1, EventType: "StepStarted", Name: `${arn}-${i}` },
            { EventId: 2 * i, EventType: "StepSucceeded", Name: `${arn}-${i}` },
          ]);
        });
      }
      if (i === 5) store.compact?.("old");
    }
    expect(() =>
      store.transaction(() => {
        store.putOperation("old", op("rolled-back", "STARTED"));
        store.appendEvents("old", [{ EventId: 25, EventType: "StepStarted" }]);
        throw new Error("refused");
      }),
    ).toThrow("refused");
    store.transaction(() => store.putOperation("old", op("old-13", "STARTED")));
    const ids = (arn: string) => store.listOperations(arn).map((o) => o.Id);
    expect(ids("old")).toEqual([...Array.from({ length: 12 }, (_, i) => `old-${i + 1}`), "old-13"]);
    expect(ids("new")).toEqual(Array.from({ length: 12 }, (_, i) => `new-${i + 1}`));
    expect(store.getOperation("old", "old-3")?.StartTimestamp).toEqual(new Date(3));
    expect(store.getOperation("old", "new-3")).toBeUndefined();
    const names = (arn: string, page: Parameters<typeof store.listEvents>[1]) =>
      store.listEvents(arn, page).map((e) => `${e.EventId} ${e.Name}`);
    expect(names("old", { limit: 3, afterEventId: 9 })).toEqual([
      "10 old-5",
      "11 old-6",
      "12 old-6",
    ]);
    expect(names("new", { limit: 3, reverseOrder: true })).toEqual([
      "24 new-12",
      "23 new-12",
      "22 new-11",
    ]);
    expect(names("new", { limit: 2, reverseOrder: true, afterEventId: 3 })).toEqual([
      "2 new-1",
      "1 new-1",
    ]);
    expect([store.lastEventId("old"), store.lastEventId("new")]).toEqual([24, 24]);
    store.close();
  });

  it("leaves nothing behind when a transaction throws", () => {
    const store = makeStore();
    store.transaction(() => store.insertExecution(record("b")));
    expect(() =>
      store.transaction(() => {
        store.putOperation("b", op("x", "STARTED"));
        store.appendEvents("b", [{ EventId: 1, EventType: "StepStarted" }]);
        throw new Error("invalid checkpoint");
      }),
    ).toThrow("invalid checkpoint");
    expect(store.listOperations("b")).toEqual([]);
    expect(store.listEvents("b", { limit: 10 })).toEqual([]);
    store.close();
  });
});

describe.each(testStores)("%s finds executions by status and resume flag", (_name, makeStore) => {
  it("after updates that change the status, the resume flag, both or neither", () => {
    const store = makeStore();
    store.transaction(() => {
      for (const arn of ["a", "b", "c", "d"]) store.insertExecution(record(arn));
    });
    const update = (arn: string, change: Partial<ExecutionRecord>) =>
      store.transaction(() =>
        store.updateExecution({ ...store.getExecution(arn)!, ...change, startMs: 0 }),
      );
    const seen = () => ({
      resume: store.listExecutionsToResume("f").sort(),
      running: store
        .listExecutions({ functionName: "f", statuses: ["RUNNING"], limit: 10 })
        .map((r) => r.arn)
        .sort(),
      inputs: ["a", "b", "c", "d"].map((arn) => store.getExecution(arn)?.inputPayload),
    });
    update("a", { inputPayload: "1" }); // neither
    update("b", { wake: true, inputPayload: "2" }); // the resume flag
    update("c", { status: "SUCCEEDED", inputPayload: "3" }); // the status
    update("d", { status: "FAILED", inFlight: true, inputPayload: "4" }); // both (not due: ended)
    expect(seen()).toEqual({ resume: ["b"], running: ["a", "b"], inputs: ["1", "2", "3", "4"] });
    update("b", { wake: false, inFlight: true }); // still due: the flag stays
    update("a", { inFlight: true });
    update("d", { status: "RUNNING" }); // both back
    update("b", { wake: false, inFlight: false });
    expect(seen()).toEqual({
      resume: ["a", "d"],
      running: ["a", "b", "d"],
      inputs: ["1", "2", "3", "4"],
    });
    store.close();
  });
});

describe("SqliteStore file", () => {
  const dir = mkdtempSync(join(tmpdir(), "durable-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads unfolded log rows after a reopen, and keeps one process per file", () => {
    const path = join(dir, "a.db");
    const first = new SqliteStore({ path });
    first.transaction(() => first.insertExecution(record("a")));
    first.transaction(() => first.putOperation("a", op("x", "STARTED")));
    first.transaction(() => first.putOperation("a", op("x", "SUCCEEDED")));
    expect(() => new SqliteStore({ path })).toThrow(/locked/);
    first.close();
    const second = new SqliteStore({ path, durability: "power" });
    expect(second.listOperations("a").map((o) => o.Status)).toEqual(["SUCCEEDED"]);
    second.close();
  });

  it("upgrades a file written with schema 3 (WITHOUT ROWID log and operations) in place", () => {
    const path = join(dir, "v3.db");
    const store = new SqliteStore({ path });
    store.transaction(() => {
      store.insertExecution(record("a"));
      store.insertExecution(record("b"));
    });
    store.close();
    // The log as schema 3 wrote it: one global seq; execution 1's fold mark at seq 3, with its
    // operations folded up to there.
    const db = new DatabaseSync(path);
    const row = (exec: number, seq: number, id: string, status: Operation["Status"]) => {
      const ev = 2 * Math.ceil(seq / 2);
      db.prepare("INSERT INTO log VALUES (?, ?, ?, ?, ?, ?)").run(
        exec,
        seq,
        ev - 1,
        ev,
        `[${encodeEvent({ EventId: ev - 1, EventType: "StepStarted", Name: id })},${encodeEvent({ EventId: ev, EventType: "StepSucceeded", Name: id })}]`,
        `[${encodeOperation(op(id, status, seq))}]`,
      );
    };
    db.exec(`DROP TABLE log;
      CREATE TABLE log (execution INTEGER NOT NULL, seq INTEGER NOT NULL, first_event INTEGER,
        last_event INTEGER, events TEXT, ops TEXT, PRIMARY KEY (execution, seq)) WITHOUT ROWID;
      DROP TABLE operations;
      CREATE TABLE operations (execution INTEGER NOT NULL, id TEXT NOT NULL,
        seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (execution, id)) WITHOUT ROWID;
      PRAGMA user_version = 3;`);
    row(1, 1, "x", "STARTED");
    row(2, 2, "p", "SUCCEEDED");
    row(1, 3, "x", "SUCCEEDED");
    row(2, 4, "q", "STARTED");
    row(1, 5, "y", "STARTED");
    db.prepare("INSERT INTO folded VALUES (1, 3)").run();
    db.prepare("INSERT INTO operations VALUES (1, 'x', 6, ?)").run(
      encodeOperation(op("x", "SUCCEEDED", 3)),
    );
    db.close();

    new SqliteStore({ path }).close();
    const marks = new DatabaseSync(path);
    // Execution 1's mark is now the key of its second row (seq 3): x's rows are folded, y's not.
    expect(marks.prepare("SELECT execution, upto FROM folded").all()).toEqual([
      { execution: 1, upto: ROWS_PER_EXECUTION + 2 },
    ]);
    marks.close();
    const upgraded = new SqliteStore({ path });
    const state = (arn: string) => upgraded.listOperations(arn).map((o) => `${o.Id} ${o.Status}`);
    expect(state("a")).toEqual(["x SUCCEEDED", "y STARTED"]);
    expect(state("b")).toEqual(["p SUCCEEDED", "q STARTED"]);
    expect(upgraded.listEvents("a", { limit: 10 }).map((e) => e.Name)).toEqual([
      "x",
      "x",
      "x",
      "x",
      "y",
      "y",
    ]);
    expect(upgraded.lastEventId("b")).toBe(4);
    upgraded.transaction(() => upgraded.putOperation("a", op("y", "SUCCEEDED", 7)));
    upgraded.compact("a");
    upgraded.transaction(() => upgraded.putOperation("a", op("z", "STARTED", 8)));
    upgraded.close();
    const reopened = new SqliteStore({ path });
    expect(reopened.listOperations("a").map((o) => `${o.Id} ${o.Status}`)).toEqual([
      "x SUCCEEDED",
      "y SUCCEEDED",
      "z STARTED",
    ]);
    reopened.close();
    const check = new DatabaseSync(path);
    expect(check.prepare("PRAGMA user_version").get()).toEqual({ user_version: 4 });
    check.close();
  });

  it("refuses, untouched, a file of a schema it cannot upgrade", () => {
    for (const version of [2, 99]) {
      const path = join(dir, `v${version}.db`);
      new SqliteStore({ path }).close();
      const db = new DatabaseSync(path);
      db.exec(`PRAGMA user_version = ${version}`);
      db.close();
      expect(() => new SqliteStore({ path })).toThrow(
        new RegExp(`schema ${version}, this version uses 4 and cannot upgrade it`),
      );
      const after = new DatabaseSync(path);
      expect(after.prepare("PRAGMA user_version").get()).toEqual({ user_version: version });
      after.close();
    }
  });

  it("refuses a checkpoint past the rows one execution's log can hold", () => {
    const path = join(dir, "full-log.db");
    const store = new SqliteStore({ path });
    store.transaction(() => store.insertExecution(record("a")));
    store.close();
    const db = new DatabaseSync(path);
    db.prepare("INSERT INTO log (key, ops) VALUES (?, '[]')").run(2 * ROWS_PER_EXECUTION - 1);
    db.close();
    const full = new SqliteStore({ path });
    expect(() => full.transaction(() => full.putOperation("a", op("x", "STARTED")))).toThrow(
      expect.objectContaining({ code: "INVALID_CHECKPOINT" }),
    );
    expect(full.listOperations("a")).toEqual([]);
    full.close();
  });

  it("checkpoints the WAL when writes pause, or every maxCommits under constant writes", async () => {
    const walBytes = (path: string) => statSync(`${path}-wal`).size;
    const writes = (store: SqliteStore, from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        store.transaction(() => store.putOperation("a", op(`op-${i}`, "STARTED", i)));
      }
    };
    const open = (name: string, walCheckpoint: { idleMs?: number; maxCommits?: number }) => {
      const path = join(dir, name);
      const store = new SqliteStore({ path, walCheckpoint });
      store.transaction(() => store.insertExecution(record("a")));
      return { path, store };
    };

    // A pause: the checkpointed log is written again from its start, so it stops growing.
    const paused = open("wal-idle.db", { idleMs: 20, maxCommits: 1_000_000 });
    writes(paused.store, 0, 300);
    const first = walBytes(paused.path);
    await new Promise((resolve) => setTimeout(resolve, 120));
    writes(paused.store, 300, 300);
    expect(walBytes(paused.path)).toBe(first);
    paused.store.close();

    // No pause: without the cap the log holds every commit; with it, about maxCommits of them.
    const unbounded = open("wal-unbounded.db", { idleMs: 60_000, maxCommits: 1_000_000 });
    const capped = open("wal-capped.db", { idleMs: 60_000, maxCommits: 100 });
    writes(unbounded.store, 0, 1_000);
    writes(capped.store, 0, 1_000);
    expect(walBytes(capped.path)).toBeLessThan(walBytes(unbounded.path) / 4);
    unbounded.store.close();
    capped.store.close();
  });
});
