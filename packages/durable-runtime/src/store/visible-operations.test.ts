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

describe("SqliteStore.listVisibleOperations", () => {
  it("equals the pruned full list while suspended, mid-run and after a fold", async () => {
    const store = new SqliteStore({ path: ":memory:" });
    const { runtime, clock } = manualRuntime(store);
    runtime.register("rounds", rounds);
    runtime.register("fan-out", h.fanOut);
    runtime.register("child", h.childContext);
    const same = (arn: string) => {
      const { operations, hiddenIds } = store.listVisibleOperations(arn);
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
      hidden = Math.max(hidden, same(loop.executionArn));
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
    await runtime.close();
  });
});
