import {
  type DurableContext,
  NestingType,
  retryPresets,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { batchView, note } from "./views.js";

/**
 * map and parallel beyond the thresholds: FLAT nesting (virtual item contexts), a BatchResult
 * over the checkpoint size limit, a custom shouldComplete, and a branch left waiting on a
 * callback nobody answers.
 */

/** map and parallel with NestingType.FLAT: items run in virtual contexts. */
export const flatNesting = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const mapped = await ctx.map(
    "flat-map",
    [1, 2, 3],
    async (c: DurableContext, item: number) => {
      await c.wait(`rest-${item}`, { seconds: item });
      return c.step(`flat-${item}`, async () => item * 3);
    },
    { nesting: NestingType.FLAT },
  );
  const branches = await ctx.parallel(
    "flat-parallel",
    [
      async (c: DurableContext) => c.step("left", async () => "L"),
      async (c: DurableContext) =>
        c.step(
          "right",
          async () => {
            throw new Error("right fails");
          },
          { retryStrategy: retryPresets.noRetry },
        ),
    ],
    { nesting: NestingType.FLAT, completionConfig: { toleratedFailureCount: 1 } },
  );
  return { mapped: batchView(mapped), branches: batchView(branches) };
});

/**
 * Items of `kib` KiB each: the BatchResult is over the 256 KiB limit, so the map context is
 * checkpointed with ReplayChildren, and rebuilt from its items after the wait.
 */
export const largeBatchResult = withDurableExecution(
  async (event: { kib: number }, ctx: DurableContext) => {
    const result = await ctx.map("big-map", [0, 1, 2], async (c: DurableContext, item: number) =>
      c.step(`blob-${item}`, async () => String(item).repeat(event.kib * 1024)),
    );
    await ctx.wait("after-map", { seconds: 1 });
    const lengths = await ctx.step("lengths", async () => result.getResults().map((r) => r.length));
    return { lengths, status: result.status, reason: result.completionReason };
  },
);

/** A custom shouldComplete: stop once two items failed, one item at a time. */
export const customCompletion = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    const result = await ctx.map(
      "until-two-fail",
      [1, 2, 3, 4, 5],
      async (c: DurableContext, item: number) =>
        c.step(
          `try-${item}`,
          async () => {
            note(`try ${item}`);
            if (item % 2 === 0) throw new Error(`${item} is even`);
            return item;
          },
          { retryStrategy: retryPresets.noRetry },
        ),
      {
        maxConcurrency: 1,
        completionConfig: {
          shouldComplete: (s) =>
            s.failureCount >= 2
              ? { complete: true, outcome: "FAILED" as never }
              : { complete: s.completedCount === s.totalCount },
        },
      },
    );
    return batchView(result);
  },
);

/** minSuccessful 1: a step branch wins while the other waits on a callback nobody answers. */
export const parallelWithOpenCallback = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    const result = await ctx.parallel(
      "first-answer",
      [
        {
          name: "ask",
          func: async (c: DurableContext) =>
            c.waitForCallback("human", async () => {}, { timeout: { hours: 1 } }),
        },
        {
          name: "compute",
          func: async (c: DurableContext) => {
            await c.wait("think", { seconds: 5 });
            return c.step("answer", async () => "42");
          },
        },
      ],
      { completionConfig: { minSuccessful: 1 } },
    );
    return batchView(result);
  },
);

/** A map over no items and a parallel of no branches; items answering undefined and null. */
export const emptyAndVoid = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const none = await ctx.map("nothing", [], async (c: DurableContext, item: number) =>
    c.step(async () => item),
  );
  const noBranches = await ctx.parallel("no-branches", []);
  const voids = await ctx.map("voids", [0, 1], async (c: DurableContext, item: number) =>
    c.step(`void-${item}`, async () => (item === 0 ? undefined : null)),
  );
  await ctx.wait("replay", { seconds: 1 });
  return {
    none: batchView(none),
    noBranches: batchView(noBranches),
    voids: voids.all.map((i) => ({ status: i.status, result: i.result ?? `<${i.result}>` })),
  };
});

/**
 * Scale: `count` items, ten at a time, every seventh waiting a second, inside a parallel
 * branch next to a nested map; the execution suspends and replays many times.
 */
export const manyItems = withDurableExecution(
  async (event: { count: number }, ctx: DurableContext) => {
    const items = Array.from({ length: event.count }, (_, i) => i);
    const outer = await ctx.parallel("outer", [
      async (c: DurableContext) => {
        const result = await c.map(
          "many",
          items,
          async (ic: DurableContext, item: number) => {
            if (item % 7 === 0) await ic.wait(`pause-${item}`, { seconds: 1 });
            return ic.step(`sq-${item}`, async () => item * item);
          },
          { maxConcurrency: 10 },
        );
        return result.getResults().reduce((a, b) => a + b, 0);
      },
      async (c: DurableContext) => {
        const inner = await c.map("pairs", [1, 2], async (ic: DurableContext, n: number) => {
          const pair = await ic.parallel(`pair-${n}`, [
            async (pc: DurableContext) => pc.step(`left-${n}`, async () => n),
            async (pc: DurableContext) => pc.step(`right-${n}`, async () => -n),
          ]);
          // An item's result is checkpointed as JSON: a BatchResult would lose its methods.
          return pair.getResults();
        });
        return inner.getResults();
      },
    ]);
    return outer.getResults();
  },
);
