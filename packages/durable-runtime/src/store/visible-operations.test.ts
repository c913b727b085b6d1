import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import { visibleOperations } from "../engine/state-view.js";
import { openCallbackId } from "../testing/callbacks.js";
import { manualRuntime, runToCompletion } from "../testing/fixture.js";
import * as h from "../testing/handlers.js";
import { SqliteStore } from "./sqlite-store.js";

// An invocation loads only what the handler sees: SqliteStore.listVisibleOperations skips the
// children of finished contexts without decoding them. It must give exactly what pruning the
// full list gives, at every point an invocation could start.

/** Three waitForCallback rounds (each a context with a callback and a submitter step inside). */
const rounds = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const answers: string[] = [];
  for (let i = 0; i < 3; i++) {
    answers.push(await ctx.waitForCallback<string>(`round-${i}`, async () => {}));
  }
  const nested = await ctx.runInChildContext("outer", (c: DurableContext) =>
    c.runInChildContext("inner", (d: DurableContext) => d.step("deep", async () => 7)),
  );
  return { answers, nested };
});

/** A map that completes on its first success while another item still waits, then waits on. */
const earlyMap = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const result = await ctx.map(
    "first-wins",
    [1, 30],
    async (c: DurableContext, seconds: number) => {
      await c.wait(`wait-${seconds}`, { seconds });
      return c.step(`step-${seconds}`, async () => seconds);
    },
    { completionConfig: { minSuccessful: 1 } },
  );
  await ctx.wait("after", { seconds: 60 });
  return result.getResults();
});

describe("SqliteStore.listVisibleOperations", () => {
  it("equals the pruned full list while suspended, mid-run and after a fold", async () => {
    const store = new SqliteStore({ path: ":memory:" });
    const { runtime, clock } = manualRuntime(store);
    runtime.register("rounds", rounds);
    runtime.register("fan-out", h.fanOut);
    runtime.register("child", h.childContext);
    runtime.register("early-map", earlyMap);
    const same = (arn: string, settled = false) => {
      const { operations, hiddenIds, unmoved } = store.listVisibleOperations(arn);
      // Once an invocation has ended, what it could no longer see is set aside, not re-read.
      if (settled) expect(unmoved).toEqual([]);
      const all = store.listOperations(arn);
      expect(operations).toEqual(visibleOperations(all));
      expect([...hiddenIds].sort()).toEqual(
        all
          .filter((op) => !operations.some((v) => v.Id === op.Id))
          .map((op) => op.Id)
          .sort(),
      );
      return hiddenIds.size;
    };

    const loop = await runtime.startExecution({ functionName: "rounds" });
    let hidden = 0;
    for (let i = 0; i < 3; i++) {
      await runtime.settle();
      hidden = Math.max(hidden, same(loop.executionArn, true));
      await runtime.sendCallbackSuccess(
        (await openCallbackId(runtime, loop.executionArn))!,
        `answer-${i}`,
      );
      // The callback's completion sits in the log, after the fold mark, until the next run.
      same(loop.executionArn);
    }
    const done = await runToCompletion(runtime, clock, loop.executionArn);
    expect(JSON.parse(done.Result!)).toEqual({
      answers: ["answer-0", "answer-1", "answer-2"],
      nested: 7,
    });
    expect(hidden).toBeGreaterThan(0);
    expect(same(loop.executionArn)).toBeGreaterThan(hidden);

    for (const [fn, input] of [
      ["fan-out", { items: [1, 2, 3] }],
      ["child", {}],
    ] as const) {
      const { executionArn } = await runtime.startExecution({ functionName: fn, input });
      await runtime.settle();
      same(executionArn);
      expect((await runToCompletion(runtime, clock, executionArn)).Status).toBe("SUCCEEDED");
      same(executionArn);
    }

    // The map closes on its first success while the other item's wait is still pending: that
    // wait, already set aside, fires later and its new state must stay set aside.
    const early = await runtime.startExecution({ functionName: "early-map" });
    const waitOf = (name: string) =>
      store.listOperations(early.executionArn).find((op) => op.Name === name)!;
    for (const ms of [0, 1_000, 29_000, 60_000]) {
      clock.advance(ms);
      await runtime.settle();
      same(early.executionArn, true);
    }
    const late = waitOf("wait-30");
    expect(late.Status).toBe("SUCCEEDED");
    expect(store.getOperation(early.executionArn, late.Id!)?.Status).toBe("SUCCEEDED");
    expect(store.listVisibleOperations(early.executionArn).hiddenIds).toContain(late.Id);
    const finished = await runtime.getExecution(early.executionArn);
    expect([finished.Status, JSON.parse(finished.Result!)]).toEqual(["SUCCEEDED", [1]]);
    await runtime.close();
  });
});
