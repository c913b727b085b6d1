import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { afterAll, describe, expect, it } from "vitest";
import { DurableRuntime } from "./runtime.js";
import { SqliteStore } from "./store/sqlite-store.js";
import { manualRuntime } from "./testing/fixture.js";

// A runtime closed (restarted) while a step runs: the closing runtime refuses the invocation's
// next checkpoint, the SDK gives the invocation up, and the next runtime on the same file must
// run it again at once, on a clock that has not moved. orders-workflow's "resumes after a crash
// in the middle of a step" hit the first case below now and then: its step's START (the SDK
// does not wait for an at-least-once step's START before running the step) reached the runtime
// just after close() had begun.

const dir = mkdtempSync(join(tmpdir(), "durable-close-mid-step-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A one-step handler whose first run is held inside the step until the test lets it go. */
function heldStep() {
  let runs = 0;
  let reached!: () => void;
  let release!: () => void;
  const reachedP = new Promise<void>((r) => {
    reached = r;
  });
  const released = new Promise<void>((r) => {
    release = r;
  });
  const handler = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
    const n = await ctx.step("publish", async () => {
      runs++;
      if (runs === 1) {
        reached();
        await released;
      }
      return runs;
    });
    return { n };
  });
  return { handler, reached: reachedP, release, runs: () => runs };
}

describe.each([true, false])(
  "a runtime closed in the middle of a step (groupCommit %s)",
  (groupCommit) => {
    async function closeMidStep(when: "before its START is sent" | "after its START is durable") {
      const path = join(dir, `close-${++files}.sqlite`);
      const held = heldStep();
      const { runtime: first, clock } = manualRuntime(new SqliteStore({ path, groupCommit }));
      first.register("held", held.handler);
      const { executionArn } = await first.startExecution({ functionName: "held", input: {} });
      await held.reached;
      if (when === "after its START is durable") {
        // The history is read from committed state only.
        await expect
          .poll(async () =>
            (await first.getExecutionHistory(executionArn)).Events.map((e) => e.EventType),
          )
          .toContain("StepStarted");
      }
      // Here the SDK has not sent the START yet in the first case: it sends queued checkpoints
      // on a later turn, and nothing has yielded to one since the step began.
      const closing = first.close();
      if (when === "after its START is durable") held.release(); // its SUCCEED is refused
      await closing;
      held.release();
      // What the close left on file: the step's START in the second case only.
      const left = new SqliteStore({ path });
      const stepStored = left.listOperations(executionArn).some((o) => o.Type === "STEP");
      left.close();
      expect(stepStored).toBe(when === "after its START is durable");

      const second = new DurableRuntime({ store: new SqliteStore({ path, groupCommit }), clock });
      second.register("held", held.handler);
      await second.settle();
      const done = await second.getExecution(executionArn);
      const history = (await second.getExecutionHistory(executionArn)).Events;
      await second.close();
      return { done, history, runs: held.runs() };
    }

    it("runs the step again at once when its START had not reached the runtime", async () => {
      const { done, history, runs } = await closeMidStep("before its START is sent");
      expect(done.Status).toBe("SUCCEEDED");
      expect(runs).toBe(2); // at least once: the held run and the run after the restart
      // The cut invocation is not recorded as a failure (no InvocationCompleted with an error).
      expect(history.filter((e) => e.InvocationCompletedDetails?.Error)).toEqual([]);
    });

    it("runs the step again at once when its SUCCEED was refused by the closing runtime", async () => {
      const { done, history, runs } = await closeMidStep("after its START is durable");
      expect(done.Status).toBe("SUCCEEDED");
      expect(runs).toBe(2);
      expect(history.filter((e) => e.InvocationCompletedDetails?.Error)).toEqual([]);
    });
  },
);
