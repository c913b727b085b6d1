import {
  type DurableContext,
  retryPresets,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { errorView, note, realSleep } from "./views.js";

/**
 * Callbacks: the harness answers each named callback (or lets it time out), on both engines.
 * Timeouts are 1 s, the service's smallest: the official runner times callbacks out in real
 * time, whatever skipTime says.
 */

interface CallbackInput {
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

const callbackConfig = (e: CallbackInput) => ({
  timeout: e.timeoutSeconds ? { seconds: e.timeoutSeconds } : undefined,
  heartbeatTimeout: e.heartbeatSeconds ? { seconds: e.heartbeatSeconds } : undefined,
});

/**
 * A step, then createCallback, then awaits it: the answer or what it threw. (Nothing runs
 * between the two: the official runner answers as soon as the callback has started.)
 */
export const createCallbackAwait = withDurableExecution(
  async (event: CallbackInput, ctx: DurableContext) => {
    await ctx.step("notify", async () => {
      note("notify");
    });
    const [promise] = await ctx.createCallback("payment", callbackConfig(event));
    try {
      return { answer: await promise };
    } catch (error) {
      return { threw: errorView(error) };
    }
  },
);

/** waitForCallback whose submitter sees the id; the answer or what it threw. */
export const waitForCallbackAwait = withDurableExecution(
  async (event: CallbackInput & { submitterFails?: boolean }, ctx: DurableContext) => {
    try {
      const answer = await ctx.waitForCallback(
        "barista",
        async (callbackId, { logger }) => {
          note(`submit ${callbackId.length > 0}`);
          logger.info("submitted");
          if (event.submitterFails) throw new Error("queue unreachable");
        },
        { ...callbackConfig(event), retryStrategy: retryPresets.noRetry },
      );
      return { answer: JSON.parse(answer) as unknown };
    } catch (error) {
      return { threw: errorView(error) };
    }
  },
);

/** Two callbacks in a child context, awaited together. */
export const callbacksInChild = withDurableExecution(async (_event: unknown, ctx: DurableContext) =>
  ctx.runInChildContext("approvals", async (c: DurableContext) => {
    const [a] = await c.createCallback("manager", { timeout: { minutes: 5 } });
    const [b] = await c.createCallback("owner", { timeout: { minutes: 5 } });
    return { both: await Promise.all([a, b]) };
  }),
);

/** The SDK's combinators over durable operations. */
export const combinators = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const fail = (name: string) =>
    ctx.step(
      name,
      async () => {
        throw new Error(`${name} failed`);
      },
      { retryStrategy: retryPresets.noRetry },
    );
  const all = await ctx.promise.all("all", [
    ctx.step("a1", async () => 1),
    ctx.step("a2", async () => 2),
  ]);
  const settled = await ctx.promise.allSettled("settled", [
    ctx.step("s1", async () => "fine"),
    fail("s2"),
  ]);
  const any = await ctx.promise.any("any", [fail("y1"), ctx.step("y2", async () => "second")]);
  const [slow] = await ctx.createCallback("slow", { timeout: { minutes: 10 } });
  const race = await ctx.promise.race("race", [
    slow,
    ctx.runInChildContext("quick", async (c: DurableContext) => {
      await c.wait("tick", { seconds: 2 });
      return "timer won";
    }),
  ]);
  let allFailed: unknown;
  try {
    await ctx.promise.all("all-fails", [ctx.step("ok", async () => 1), fail("bad")]);
  } catch (error) {
    allFailed = errorView(error);
  }
  return {
    all,
    settled: settled.map((s) =>
      s.status === "fulfilled" ? s : { status: s.status, reason: errorView(s.reason) },
    ),
    any,
    race,
    allFailed,
  };
});

/** A callback raced against a long wait; the answer arrives first. Its deserializer runs. */
export const callbackWinsRace = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    const [answer] = await ctx.createCallback<{ drink: string; at: Date }>("order", {
      timeout: { minutes: 30 },
      serdes: {
        deserialize: async (data) => {
          const parsed = JSON.parse(data ?? "{}") as { drink: string; at: string };
          return { drink: parsed.drink, at: new Date(parsed.at) };
        },
      },
    });
    const winner = await ctx.promise.race("first", [
      answer,
      ctx.runInChildContext("patience", async (c: DurableContext) => {
        await c.wait("long", { minutes: 20 });
        return { drink: "none", at: new Date(0) };
      }),
    ]);
    // The race's result is checkpointed as JSON: after a replay \`at\` is a string.
    return { drink: winner.drink, year: new Date(winner.at).getUTCFullYear() };
  },
);

/** waitForCallback whose submitter fails once and is retried. */
export const submitterRetried = withDurableExecution(async (_event: unknown, ctx: DurableContext) =>
  ctx.waitForCallback(
    "flaky-submit",
    async () => {
      note("submit");
      throw new Error("queue busy");
    },
    {
      timeout: { minutes: 5 },
      retryStrategy: (_e, attempts) => ({ shouldRetry: attempts < 2, delay: { seconds: 2 } }),
    },
  ),
);

/**
 * createCallback, then a step that takes 100 ms of real time, then the callback: answered
 * while the step runs, the answer reaches the handler without a suspension.
 */
export const answeredWhileRunning = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    const [answer] = await ctx.createCallback("fast-reply", { timeout: { minutes: 5 } });
    const worked = await ctx.step("slow-work", async () => {
      await realSleep(100);
      return "worked";
    });
    return { worked, answer: await answer };
  },
);
