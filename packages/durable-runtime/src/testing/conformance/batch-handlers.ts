import {
  type DurableContext,
  retryPresets,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { batchView, errorView, note } from "./views.js";

/**
 * map and parallel with their configuration. Completion thresholds with several items in
 * flight depend on which item finishes first, so the cases that stop early run one item at a
 * time (maxConcurrency 1) or give items waits of different lengths: the order is then fixed
 * by durable time, not by how fast an engine answers a checkpoint.
 */

const noRetry = { retryStrategy: retryPresets.noRetry };

/** An item step that fails for the items listed in `fail`. */
const itemStep = (c: DurableContext, item: number, fail: number[]) =>
  c.step(
    `item-${item}`,
    async () => {
      note(`item ${item}`);
      if (fail.includes(item)) throw new Error(`item ${item} is out of stock`);
      return item * 10;
    },
    noRetry,
  );

interface MapInput {
  items: number[];
  fail: number[];
  maxConcurrency?: number;
  minSuccessful?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

/** A map with the completion config of its input; returns the BatchResult it saw. */
export const mapWithCompletion = withDurableExecution(
  async (event: MapInput, ctx: DurableContext) => {
    const { items, fail, maxConcurrency, ...completionConfig } = event;
    const result = await ctx.map(
      "items",
      items,
      async (c: DurableContext, item: number) => itemStep(c, item, fail),
      {
        maxConcurrency,
        completionConfig,
        itemNamer: (item: number) => `cup-${item}`,
      },
    );
    await ctx.wait("after-map", { seconds: 1 });
    return batchView(result);
  },
);

/**
 * Items that wait `item` seconds before their step, all in flight at once: which succeed
 * first is fixed by durable time, so minSuccessful stops at the same point on any engine.
 */
export const mapStaggeredMinSuccessful = withDurableExecution(
  async (event: { items: number[]; minSuccessful: number }, ctx: DurableContext) => {
    const result = await ctx.map(
      "staggered",
      event.items,
      async (c: DurableContext, item: number) => {
        await c.wait(`wait-${item}`, { seconds: item });
        return itemStep(c, item, []);
      },
      { completionConfig: { minSuccessful: event.minSuccessful } },
    );
    return batchView(result);
  },
);

/** Named and unnamed branches, one failing, one waiting, with a tolerated failure. */
export const parallelNamedBranches = withDurableExecution(
  async (event: { toleratedFailureCount: number }, ctx: DurableContext) => {
    const result = await ctx.parallel(
      "prepare",
      [
        { name: "espresso", func: async (c: DurableContext) => c.step("pull", async () => "shot") },
        {
          name: "milk",
          func: async (c: DurableContext) =>
            c.step(
              "steam",
              async () => {
                throw new Error("milk is off");
              },
              noRetry,
            ),
        },
        async (c: DurableContext) => {
          await c.wait("cool", { seconds: 2 });
          return c.step("cup", async () => "cup");
        },
      ],
      { completionConfig: { toleratedFailureCount: event.toleratedFailureCount } },
    );
    return batchView(result);
  },
);

/** A map nested inside a parallel branch, and a child context in the other. */
export const parallelWithNestedMap = withDurableExecution(
  async (event: { items: number[] }, ctx: DurableContext) => {
    const result = await ctx.parallel(
      "outer",
      [
        {
          name: "grind",
          func: async (c: DurableContext) => {
            const inner = await c.map(
              "inner",
              event.items,
              async (ic: DurableContext, item: number) => itemStep(ic, item, []),
              { maxConcurrency: 2 },
            );
            return inner.getResults();
          },
        },
        {
          name: "label",
          func: async (c: DurableContext) =>
            c.runInChildContext("print", async (cc: DurableContext) =>
              cc.step("labels", async () => event.items.map(String)),
            ),
        },
      ],
      { maxConcurrency: 1 },
    );
    return batchView(result);
  },
);

/** throwIfError on a batch with a failed item, uncaught: fails the execution. */
export const batchThrowIfError = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    const result = await ctx.map("checks", [1, 2, 3], async (c: DurableContext, item: number) =>
      itemStep(c, item, [2]),
    );
    result.throwIfError();
    return "unreachable";
  },
);

/** A failure over the tolerance: what the handler sees when it catches around the map. */
export const mapToleranceCaught = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    try {
      const result = await ctx.map(
        "strict",
        [1, 2, 3],
        async (c: DurableContext, item: number) => itemStep(c, item, [1, 2]),
        { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 0 } },
      );
      return { returned: batchView(result) };
    } catch (error) {
      return { threw: errorView(error) };
    }
  },
);
