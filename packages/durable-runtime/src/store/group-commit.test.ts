import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isStoreFailure } from "../errors.js";
import { executionRecord as record } from "../testing/fixture.js";
import { openStoreWithConnection } from "../testing/store-connection.js";
import type { Operation } from "../types.js";
import { SqliteStore } from "./sqlite-store.js";

// Group commit (SqliteStore.defer): the transactions deferred in one event-loop turn share one
// COMMIT. What must hold: a member hears "durable" only once that COMMIT is done, a member
// that throws takes only its own writes back, and a group that fails keeps none of its members
// and tells every one of them.

const dir = mkdtempSync(join(tmpdir(), "durable-group-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/**
 * A SqliteStore with group commit on a new file, and its connection (taken as the store opens
 * it), holding a committed execution for each of `arns`.
 */
function openStore(...arns: string[]) {
  const path = join(dir, `store-${++files}.sqlite`);
  const opened = openStoreWithConnection({ path, groupCommit: true });
  opened.store.transaction(() => {
    for (const arn of arns) opened.store.insertExecution(record(arn));
  });
  return { ...opened, path };
}

const step = (id: string): Operation => ({
  Id: id,
  Type: "STEP",
  Status: "SUCCEEDED",
  StartTimestamp: new Date(0),
});

/** A member that writes one step of `arn`; what its `done` was told lands in `heard`. */
function member(store: SqliteStore, arn: string, id: string, heard: Map<string, string>) {
  store.defer!(
    () => {
      store.putOperation(arn, step(id));
      store.appendEvents(arn, [
        { EventId: store.lastEventId(arn) + 1, EventType: "StepSucceeded", Id: id },
      ]);
    },
    (error) => heard.set(id, error ? `failed: ${(error as { code?: string }).code}` : "durable"),
  );
}

const stepIds = (store: SqliteStore, arn: string) => store.listOperations(arn).map((o) => o.Id);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("SqliteStore group commit", () => {
  it("tells each member it is durable only at the shared COMMIT, at the end of the turn", async () => {
    const { store, path } = openStore("a", "b");
    const heard = new Map<string, string>();
    member(store, "a", "a-1", heard);
    member(store, "b", "b-1", heard);
    member(store, "a", "a-2", heard);
    expect(heard.size).toBe(0); // nothing told before the COMMIT
    await nextTurn();
    expect([...heard]).toEqual([
      ["a-1", "durable"],
      ["b-1", "durable"],
      ["a-2", "durable"],
    ]);
    store.close();
    const reopened = new SqliteStore({ path });
    expect(stepIds(reopened, "a")).toEqual(["a-1", "a-2"]);
    expect(stepIds(reopened, "b")).toEqual(["b-1"]);
    expect(reopened.lastEventId("a")).toBe(2);
    reopened.close();
  });

  it("commits the open group before anything else reads or writes the store", () => {
    const { store } = openStore("a");
    const heard = new Map<string, string>();
    member(store, "a", "a-1", heard);
    // A reader answers from committed state only: the group is committed first.
    expect(store.getExecution("a")?.arn).toBe("a");
    expect(heard.get("a-1")).toBe("durable");
    member(store, "a", "a-2", heard);
    store.transaction(() => store.putTimer({ arn: "a", key: "t", kind: "WAIT", dueMs: 5 }));
    expect(heard.get("a-2")).toBe("durable");
    member(store, "a", "a-3", heard);
    store.close(); // closing commits it too
    expect(heard.get("a-3")).toBe("durable");
  });

  it("commits the group a member's done opened before a transaction of its own", () => {
    const { store, path } = openStore("a");
    const heard = new Map<string, string>();
    // As an after-commit effect that writes (a chained invoke's start): the next group opens
    // inside the first one's COMMIT.
    store.defer!(
      () => store.putOperation("a", step("first")),
      () => member(store, "a", "effect", heard),
    );
    store.transaction(() => store.putTimer({ arn: "a", key: "t", kind: "WAIT", dueMs: 5 }));
    expect(heard.get("effect")).toBe("durable");
    store.defer!(
      () => store.putOperation("a", step("last")),
      () => member(store, "a", "closing", heard),
    );
    store.close();
    expect(heard.get("closing")).toBe("durable");
    const reopened = new SqliteStore({ path });
    expect(stepIds(reopened, "a")).toEqual(["first", "effect", "last", "closing"]);
    expect(reopened.nextTimerDue()).toBe(5);
    reopened.close();
  });

  it("takes back only the writes of a member that throws; its neighbours commit", async () => {
    const { store, path } = openStore("a", "b");
    const heard = new Map<string, string>();
    member(store, "a", "a-1", heard);
    expect(() =>
      store.defer!(
        () => {
          store.putOperation("b", step("refused"));
          store.appendEvents("b", [{ EventId: 1, EventType: "StepSucceeded", Id: "refused" }]);
          store.updateExecution({ ...record("b"), status: "FAILED" });
          throw new Error("invalid checkpoint");
        },
        () => heard.set("refused", "told"),
      ),
    ).toThrow("invalid checkpoint");
    member(store, "b", "b-1", heard);
    await nextTurn();
    expect([...heard]).toEqual([
      ["a-1", "durable"],
      ["b-1", "durable"],
    ]);
    store.close();
    const reopened = new SqliteStore({ path });
    expect(stepIds(reopened, "a")).toEqual(["a-1"]);
    expect(stepIds(reopened, "b")).toEqual(["b-1"]);
    expect(reopened.getExecution("b")?.status).toBe("RUNNING");
    expect(reopened.listEvents("b", { limit: 10 }).map((e) => e.Id)).toEqual(["b-1"]);
    reopened.close();
  });

  it("fails every member when the disk fills mid-group, keeps none of them, and recovers", async () => {
    const { store, db, path } = openStore("a", "b");
    const pages = (db.prepare("PRAGMA page_count").get() as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${pages + 2}`); // room for a small write, not a large one
    const heard = new Map<string, string>();
    member(store, "a", "a-1", heard);
    member(store, "b", "b-1", heard);
    let refused: unknown;
    try {
      store.defer!(
        () => store.insertExecution(record("big", "x".repeat(100_000))),
        () => heard.set("big", "told"),
      );
    } catch (error) {
      refused = error;
    }
    // SQLite rolls the whole transaction back on SQLITE_FULL: the members before are gone too,
    // and each of them is told so at once (none of them was told "durable" before).
    expect(isStoreFailure(refused)).toBe(true);
    expect((refused as { code: string }).code).toBe("STORE_FULL");
    expect([...heard]).toEqual([
      ["a-1", "failed: STORE_FULL"],
      ["b-1", "failed: STORE_FULL"],
    ]);
    expect(stepIds(store, "a")).toEqual([]);
    expect(stepIds(store, "b")).toEqual([]);

    db.exec("PRAGMA max_page_count = 1073741823");
    member(store, "a", "a-again", heard);
    await nextTurn();
    expect(heard.get("a-again")).toBe("durable");
    store.close();
    const reopened = new SqliteStore({ path });
    expect(stepIds(reopened, "a")).toEqual(["a-again"]);
    expect(stepIds(reopened, "b")).toEqual([]);
    expect(reopened.getExecution("big")).toBeUndefined();
    reopened.close();
  });

  it("refuses a group it cannot begin, with the store's error, and tells no one", () => {
    const { store, db } = openStore("a");
    db.exec("PRAGMA query_only = ON"); // a volume that turned read-only
    const heard = new Map<string, string>();
    expect(() => member(store, "a", "a-1", heard)).toThrow(
      expect.objectContaining({ code: "STORE_READ_ONLY" }),
    );
    expect(heard.size).toBe(0);
    db.exec("PRAGMA query_only = OFF");
    member(store, "a", "a-2", heard);
    store.close();
    expect(heard.get("a-2")).toBe("durable");
  });
});
