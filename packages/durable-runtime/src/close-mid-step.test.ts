import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { afterAll, describe, expect, it } from "vitest";
import type { RuntimeLogger } from "./logger.js";
import { DurableRuntime } from "./runtime.js";
import { SqliteStore } from "./store/sqlite-store.js";
import { gate, manualRuntime } from "./testing/fixture.js";

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
  const reached = gate();
  const released = gate();
  const handler = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
    const n = await ctx.step("publish", async () => {
      runs++;
      if (runs === 1) {
        reached.open();
        await released.opened;
      }
      return runs;
    });
    return { n };
  });
  return { handler, reached: reached.opened, release: released.open, runs: () => runs };
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

describe("a runtime closed while a handler runs past close()'s wait", () => {
  it("leaves the invocation due instead of writing its end to the closed store", async () => {
    const path = join(dir, `close-${++files}.sqlite`);
    let runs = 0;
    const reached = gate();
    const released = gate();
    // No durable operation: nothing the closing runtime could refuse before the end.
    const handler = withDurableExecution(async () => {
      runs++;
      if (runs === 1) {
        reached.open();
        await released.opened;
      }
      return { runs };
    });
    const lines: { level: string; message: string }[] = [];
    const logger: RuntimeLogger = { log: (level, message) => lines.push({ level, message }) };
    // The first runtime's last word on the invocation: left for the next start, or an error.
    const ended = () =>
      lines.some((l) => l.level === "error" || l.message.startsWith("invocation cut off by close"));
    const { runtime: first, clock } = manualRuntime(new SqliteStore({ path }), { logger });
    first.register("slow", handler);
    const { executionArn } = await first.startExecution({ functionName: "slow", input: {} });
    await reached.opened;
    await first.close(); // waits 2 s for the handler, then closes the store
    released.open();
    await expect.poll(ended).toBe(true);
    expect(lines.filter((l) => l.level === "error")).toEqual([]);

    const second = new DurableRuntime({ store: new SqliteStore({ path }), clock });
    second.register("slow", handler);
    await second.settle();
    const done = await second.getExecution(executionArn);
    await second.close();
    expect(done.Status).toBe("SUCCEEDED");
    expect(runs).toBe(2);
  });
});
