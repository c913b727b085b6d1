/** The handlers every benchmark runs: the same code on every engine. */
import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";

/** N sequential steps, each returning a small value that the next one reads. */
export async function sequentialSteps(event: { steps: number }, ctx: DurableContext) {
  let total = 0;
  for (let i = 0; i < event.steps; i++) {
    total = await ctx.step(`step-${i}`, async () => total + 1);
  }
  return { total };
}

export const sequentialStepsHandler = withDurableExecution(sequentialSteps);

/** Hands each callback id to `onCallbackId` (in-process), `rounds` times in a row. */
export function callbackLoopHandler(onCallbackId: (id: string) => void) {
  return withDurableExecution(async (event: { rounds: number }, ctx: DurableContext) => {
    for (let i = 0; i < event.rounds; i++) {
      await ctx.waitForCallback(`round-${i}`, async (callbackId) => {
        onCallbackId(callbackId);
      });
    }
    return { rounds: event.rounds };
  });
}

/**
 * A step, a durable wait, a step: returns when the step before the wait ran and when the
 * handler resumed after it (epoch ms, real clock), so lateness can be taken against the wait's
 * ScheduledEndTimestamp in the history.
 */
export const timerLatenessHandler = withDurableExecution(
  async (event: { waitSeconds: number }, ctx: DurableContext) => {
    const started = await ctx.step("started", async () => Date.now());
    await ctx.wait({ seconds: event.waitSeconds });
    const resumed = await ctx.step("resumed", async () => Date.now());
    return { started, resumed };
  },
);

/** Suspends on a callback that never comes: the shape of an order waiting for a customer. */
export const suspendedHandler = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    await ctx.waitForCallback("never", async () => {}, { timeout: { hours: 24 } });
    return {};
  },
);
