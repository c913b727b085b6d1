import {
  createWaitStrategy,
  type DurableContext,
  JitterStrategy,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { errorView, note } from "./views.js";

/** Waits and waitForCondition. */

/** Several waits of different units, an anonymous one, and one inside a child context. */
export const severalWaits = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  await ctx.wait("one-second", { seconds: 1 });
  await ctx.wait({ minutes: 2 });
  await ctx.wait("mixed", { hours: 1, minutes: 1, seconds: 1 });
  const inner = await ctx.runInChildContext("rest", async (c: DurableContext) => {
    await c.wait("inner-wait", { seconds: 30 });
    return c.step("after-inner", async () => "rested");
  });
  await Promise.all([ctx.wait("left", { seconds: 5 }), ctx.wait("right", { seconds: 3 })]);
  return { inner };
});

/** A wait of the given number of seconds (0 is the edge the SDK lets through). */
export const waitSeconds = withDurableExecution(
  async (event: { seconds: number }, ctx: DurableContext) => {
    try {
      await ctx.wait("edge", { seconds: event.seconds });
      return { waited: event.seconds };
    } catch (error) {
      return { threw: errorView(error) };
    }
  },
);

/** waitForCondition driven by createWaitStrategy's backoff, reaching its condition. */
export const conditionWithStrategy = withDurableExecution(
  async (event: { target: number; maxAttempts: number }, ctx: DurableContext) => {
    try {
      const final = await ctx.waitForCondition(
        "brewed",
        async (state: { level: number }, { attempt }) => {
          note(`check ${attempt} at ${state.level}`);
          return { level: state.level + 1 };
        },
        {
          initialState: { level: 0 },
          waitStrategy: createWaitStrategy({
            maxAttempts: event.maxAttempts,
            initialDelay: { seconds: 2 },
            backoffRate: 2,
            maxDelay: { seconds: 5 },
            jitter: JitterStrategy.NONE,
            shouldContinuePolling: (s: { level: number }) => s.level < event.target,
          }),
        },
      );
      return { final };
    } catch (error) {
      return { threw: errorView(error) };
    }
  },
);

/** waitForCondition whose check throws on its second attempt. */
export const conditionCheckThrows = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    try {
      return await ctx.waitForCondition(
        "sensor",
        async (state: number, { attempt }) => {
          note(`read ${attempt}`);
          if (attempt === 2) throw new Error("sensor offline");
          return state + 1;
        },
        {
          initialState: 0,
          waitStrategy: () => ({ shouldContinue: true, delay: { seconds: 3 } }),
        },
      );
    } catch (error) {
      return { threw: errorView(error) };
    }
  },
);
