import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DurableExecutionInvocationInputWithClient } from "./engine/invocation-input.js";
import { SqliteStore } from "./store/sqlite-store.js";
import { gate, historyTypes, manualRuntime } from "./testing/fixture.js";
import * as h from "./testing/handlers.js";

// The runtime on a SQLite file commits the checkpoints (and invocation ends, and callbacks) of
// one event-loop turn together (SqliteStore.defer). These run many executions at once, so the
// groups are real, and check what grouping must not change.

const dir = mkdtempSync(join(tmpdir(), "durable-group-runtime-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A store on a new file that counts its group members and the COMMITs of its groups. */
function countingStore() {
  const path = join(dir, `runtime-${++files}.sqlite`);
  const store = new SqliteStore({ path, groupCommit: true });
  const counts = { members: 0, groups: 0 };
  let open = false;
  const defer = store.defer!.bind(store);
  store.defer = <T>(fn: () => T, done: (error?: Error) => void): T => {
    const result = defer(fn, done);
    counts.members++;
    open = true;
    return result;
  };
  const commitPending = store.commitPending.bind(store);
  store.commitPending = () => {
    if (open) counts.groups++;
    open = false;
    commitPending();
  };
  return { store, path, counts };
}

describe("group commit in the runtime", () => {
  it("many executions checkpointing at once share COMMITs and each keeps its own history", async () => {
    const { store, path, counts } = countingStore();
    const { runtime } = manualRuntime(store);
    runtime.register("steps", h.sequentialSteps);
    const n = 40;
    const arns = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        runtime
          .startExecution({ functionName: "steps", input: { count: 6, key: `group-${i}` } })
          .then((r) => r.executionArn),
      ),
    );
    await runtime.settle();
    for (const arn of arns) {
      const done = await runtime.getExecution(arn);
      expect(done.Status).toBe("SUCCEEDED");
      expect(JSON.parse(done.Result!)).toEqual({ sum: 15 });
    }
    // Their invocations ran side by side: COMMITs were shared.
    expect(counts.groups).toBeLessThan(counts.members / 4);
    // Each history is exactly that of one execution of six steps, in order.
    const alone = await historyTypes(runtime, arns[0]!);
    expect(alone.filter((t) => t === "StepSucceeded")).toHaveLength(6);
    for (const arn of arns) expect(await historyTypes(runtime, arn)).toEqual(alone);
    // Every step ran once.
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < 6; s++) expect(h.stepRuns.get(`group-${i}:step-${s}`)).toBe(1);
    }
    await runtime.close();

    // And it is all in the file.
    const { runtime: reopened } = manualRuntime(new SqliteStore({ path }));
    for (const arn of arns) {
      expect((await reopened.getExecution(arn)).Status).toBe("SUCCEEDED");
      expect(await historyTypes(reopened, arn)).toEqual(alone);
    }
    await reopened.close();
  });

  it("starts of one name in one turn find each other: one execution, the others answered as such", async () => {
    const { store, path, counts } = countingStore();
    const { runtime } = manualRuntime(store);
    runtime.register("steps", h.sequentialSteps);
    const start = (count: number) =>
      runtime
        .startExecution({ functionName: "steps", executionName: "once", input: { count } })
        .then(
          (r) => r,
          (error: { errorType: string }) => error.errorType,
        );
    const groupsBefore = counts.groups;
    const answers = await Promise.all([start(2), start(2), start(3)]);
    expect(counts.groups - groupsBefore).toBe(1);
    const [first, again, other] = answers as [
      { executionArn: string; alreadyStarted: boolean },
      { executionArn: string; alreadyStarted: boolean },
      string,
    ];
    expect(first.alreadyStarted).toBe(false);
    expect(again).toEqual({ executionArn: first.executionArn, alreadyStarted: true });
    expect(other).toBe("DurableExecutionAlreadyStartedException");
    await runtime.settle();
    expect((await runtime.getExecution(first.executionArn)).Status).toBe("SUCCEEDED");
    await runtime.close();
    const reopened = new SqliteStore({ path });
    expect(reopened.listExecutions({ functionName: "steps", limit: 10 })).toHaveLength(1);
    reopened.close();
  });

  it("a refused checkpoint fails alone: the others of its turn are answered and kept", async () => {
    const { store, path, counts } = countingStore();
    const { runtime } = manualRuntime(store);
    const events = new Map<string, DurableExecutionInvocationInputWithClient>();
    const held = gate();
    runtime.register("raw", async (event: DurableExecutionInvocationInputWithClient) => {
      events.set(event.DurableExecutionArn, event);
      await held.opened;
      return { Status: "PENDING" };
    });
    const arns: string[] = [];
    for (let i = 0; i < 3; i++) {
      arns.push((await runtime.startExecution({ functionName: "raw" })).executionArn);
    }
    while (events.size < 3) await new Promise((resolve) => setImmediate(resolve));
    const groupsBefore = counts.groups;

    // One turn, three checkpoints; the second names a parent that does not exist.
    const replies = arns.map((arn, i) => {
      const event = events.get(arn)!;
      return event.durableExecutionClient
        .checkpoint({
          DurableExecutionArn: arn,
          CheckpointToken: event.CheckpointToken,
          Updates: [
            {
              Id: `op-${i}`,
              Type: "STEP",
              Action: "START",
              Name: `step-${i}`,
              ...(i === 1 ? { ParentId: "no-such-context" } : {}),
            },
          ],
        })
        .then(
          () => "answered",
          (error: Error) => `refused: ${error.message}`,
        );
    });
    expect(await Promise.all(replies)).toEqual([
      "answered",
      "refused: Invalid parent operation id.",
      "answered",
    ]);
    expect(counts.groups - groupsBefore).toBe(1); // the two taken shared one COMMIT
    held.open();
    await runtime.settle();
    await runtime.close();

    const reopened = new SqliteStore({ path });
    expect(reopened.getOperation(arns[0]!, "op-0")?.Status).toBe("STARTED");
    expect(reopened.getOperation(arns[1]!, "op-1")).toBeUndefined();
    expect(reopened.getOperation(arns[2]!, "op-2")?.Status).toBe("STARTED");
    reopened.close();
  });
});
