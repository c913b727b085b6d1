import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testStores } from "../testing/fixture.js";
import type { ExecutionRecord, Operation } from "../types.js";
import { SqliteStore } from "./sqlite-store.js";

const record = (arn: string): ExecutionRecord => ({
  arn,
  functionName: "f",
  qualifier: "$LATEST",
  name: arn,
  status: "RUNNING",
  rootOperationId: "root",
  inputPayload: "{}",
  startMs: 0,
  invocationCount: 0,
  failedInvocations: 0,
  wake: false,
  inFlight: false,
  updatedOperationIds: [],
});

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
});
