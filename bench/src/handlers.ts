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

/** Records when it started, waits, and returns how late the wait ended (ms). */
export const timerLatenessHandler = withDurableExecution(
  async (event: { waitSeconds: number }, ctx: DurableContext) => {
    const started = await ctx.step("started", async () => Date.now());
    await ctx.wait({ seconds: event.waitSeconds });
    const late = await ctx.step(
      "late",
      async () => Date.now() - started - event.waitSeconds * 1000,
    );
    return { late };
  },
);

/** Suspends on a callback that never comes: the shape of an order waiting for a customer. */
export const suspendedHandler = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    await ctx.waitForCallback("never", async () => {}, { timeout: { hours: 24 } });
    return {};
  },
);
