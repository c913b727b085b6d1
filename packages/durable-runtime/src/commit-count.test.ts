import { describe, expect, it } from "vitest";
import { SqliteStore } from "./store/sqlite-store.js";
import { manualRuntime } from "./testing/fixture.js";
import * as h from "./testing/handlers.js";

// Timer lateness under load is CPU per suspend/resume, and on SQLite that is mostly commits
// (README, "Timer lateness"). This pins the count for step, wait, step: 5 until it suspends
// (start, the SDK's checkpoints, the invocation's end), 3 more to finish (the timer firing,
// the step, the end). Starting an invocation writes nothing of its own: the record goes out
// with the invocation's first checkpoint (it used to be a commit of its own: 6 and 10).
// Checkpoints and invocation ends are group commits (SqliteStore.defer): one execution alone
// makes groups of one, so the count is the same.
describe("commits per execution", () => {
  it("a step, a durable wait and a step cost eight commits on SQLite", async () => {
    const store = new SqliteStore({ path: ":memory:", groupCommit: true });
    // COMMITs: each outermost transaction, and each group of deferred ones (checkpoints).
    let commits = 0;
    let depth = 0;
    let grouped = false;
    const transaction = store.transaction.bind(store);
    store.transaction = <T>(fn: () => T): T => {
      if (depth === 0) store.commitPending();
      if (depth === 0) commits++;
      depth++;
      try {
        return transaction(fn);
      } finally {
        depth--;
      }
    };
    const defer = store.defer!.bind(store);
    store.defer = <T>(fn: () => T, done: (error?: Error) => void): T => {
      depth++; // a transaction inside joins the group
      try {
        const result = defer(fn, done);
        grouped = true;
        return result;
      } finally {
        depth--;
      }
    };
    const commitPending = store.commitPending.bind(store);
    store.commitPending = () => {
      if (grouped) commits++;
      grouped = false;
      commitPending();
    };
    const { runtime, clock } = manualRuntime(store);
    runtime.register("sws", h.stepWaitStep);
    const { executionArn } = await runtime.startExecution({
      functionName: "sws",
      input: { name: "Ada", waitSeconds: 60, key: "commit-count" },
    });
    await runtime.settle();
    const suspended = commits;
    clock.advance(60_000);
    await runtime.settle();
    const execution = await runtime.getExecution(executionArn);
    expect(execution.Status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.Result!)).toEqual({ message: "Hello, Ada!" });
    expect({ suspended, total: commits }).toEqual({ suspended: 5, total: 8 });
    await runtime.close();
  });
});
