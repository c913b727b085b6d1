import {
  type DurableContext,
  retryPresets,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { errorView } from "./views.js";

/** Child contexts: nesting, failures, results over the checkpoint size limit, subtypes. */

/** Three levels of child contexts with steps and a wait at the bottom. */
export const nestedChildren = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const total = await ctx.runInChildContext("order", async (c1: DurableContext) => {
    const base = await c1.step("base", async () => 1);
    const mid = await c1.runInChildContext("drink", async (c2: DurableContext) => {
      const shots = await c2.runInChildContext("shots", async (c3: DurableContext) => {
        await c3.wait("pull", { seconds: 3 });
        return c3.step("count", async () => 2);
      });
      return shots + (await c2.step("milk", async () => 4));
    });
    return base + mid;
  });
  return { total };
});

class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecipeError";
  }
}

/** A child whose step fails (caught by the handler), then a child that throws, uncaught. */
export const failingChildren = withDurableExecution(
  async (event: { rethrow: boolean }, ctx: DurableContext) => {
    let caught: unknown;
    try {
      await ctx.runInChildContext("mix", async (c: DurableContext) => {
        await c.step("measure", async () => 1);
        return c.step(
          "blend",
          async () => {
            throw new RecipeError("ratio out of range");
          },
          { retryStrategy: retryPresets.noRetry },
        );
      });
    } catch (error) {
      caught = errorView(error);
    }
    await ctx.wait("between", { seconds: 1 });
    if (!event.rethrow) return { caught };
    return ctx.runInChildContext("serve", async () => {
      throw new RecipeError("no cups");
    });
  },
);

/**
 * A child result over the SDK's 256 KiB checkpoint limit: the SDK checkpoints an empty (or
 * summary) payload with ReplayChildren, and rebuilds the result on replay from the children,
 * which the service must then hand back although their parent is finished.
 */
export const largeChildResult = withDurableExecution(
  async (event: { kib: number; summary: boolean }, ctx: DurableContext) => {
    const parts = await ctx.runInChildContext(
      "big",
      async (c: DurableContext) => {
        const out: string[] = [];
        for (let i = 0; i < 3; i++)
          out.push(await c.step(`part-${i}`, async () => String(i).repeat(event.kib * 1024)));
        return out;
      },
      event.summary ? { summaryGenerator: (r: string[]) => `parts:${r.length}` } : {},
    );
    await ctx.wait("after-big", { seconds: 1 });
    const after = await ctx.step("after", async () => parts.map((p) => p.length));
    return { lengths: after, first: parts.map((p) => p.slice(0, 3)) };
  },
);

/** A child with a custom subType (ChildConfig.subType), next to one with the default. */
export const childSubType = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const a = await ctx.runInChildContext(
    "custom",
    async (c: DurableContext) => c.step("s", async () => 1),
    {
      subType: "BrewingStage",
    },
  );
  await ctx.wait("w", { seconds: 1 });
  const b = await ctx.runInChildContext(async (c: DurableContext) => c.step(async () => 2));
  return { a, b };
});

class OutOfCups extends Error {
  constructor() {
    super("out of cups");
    this.name = "OutOfCups";
  }
}

/**
 * childOperationsDepth 1 (pluginsConfig): the service keeps a finished child's operations, and
 * on replay the SDK rebuilds its result from them without running its steps again.
 */
export const keptChildren = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    const inner = await ctx.runInChildContext("kept", async (c: DurableContext) => {
      const a = await c.step("a", async () => 2);
      const b = await c.step("b", async () => 3);
      return { product: a * b };
    });
    await ctx.wait("replay", { seconds: 1 });
    return inner;
  },
  { pluginsConfig: { childOperationsDepth: 1 } },
);

/** A child's error through errorMapper, and ErrorData carried from a step's error. */
export const mappedChildError = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    try {
      await ctx.runInChildContext(
        "serve",
        async (c: DurableContext) =>
          c.step(
            "pour",
            async () => {
              throw new OutOfCups();
            },
            { retryStrategy: retryPresets.noRetry },
          ),
        {
          errorMapper: (e) => {
            e.message = `mapped: ${e.message}`;
            return e;
          },
        },
      );
      return "unreachable";
    } catch (error) {
      return { caught: errorView(error) };
    }
  },
);
