import { describe, expect, it } from "vitest";
import { SqliteStore } from "./store/sqlite-store.js";
import { manualRuntime } from "./testing/fixture.js";
import * as h from "./testing/handlers.js";

// Timer lateness under load is CPU per suspend/resume, and on SQLite that is mostly commits
// (README, "Timer lateness"). This pins the count for step, wait, step: 5 until it suspends
// (start, the SDK's checkpoints, the invocation's end), 3 more to finish (the timer firing,
// the step, the end). Starting an invocation writes nothing of its own: the record goes out
// with the invocation's first checkpoint (it used to be a commit of its own: 6 and 10).
describe("commits per execution", () => {
  it("a step, a durable wait and a step cost eight commits on SQLite", async () => {
    const store = new SqliteStore({ path: ":memory:" });
    let commits = 0;
    let depth = 0;
    const transaction = store.transaction.bind(store);
    store.transaction = <T>(fn: () => T): T => {
      if (depth === 0) commits++;
      depth++;
      try {
        return transaction(fn);
      } finally {
        depth--;
      }
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
