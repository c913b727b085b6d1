/**
 * Executions shaped like a shop order (3 steps, a callback, 3 steps, a callback, a step: 11
 * checkpoints, 3 invocations), many at once on one SQLite file, callbacks answered in-process
 * 1 ms after their id is known: the runtime's CPU per execution with the SDK and the handler
 * in the same thread, none of the shop's HTTP or DynamoDB. Rounds on fresh files, in one
 * process: the first pays V8's compilation, later ones are warm.
 */
import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import type { DurableRuntime } from "@coffee/durable-runtime";
import { openRuntime } from "./engines.js";
import type { Section } from "./report.js";
import { round } from "./stats.js";

function orderLikeHandler(answer: (callbackId: string) => void) {
  return withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
    for (let i = 0; i < 3; i++) await ctx.step(`a${i}`, async () => ({ i, pad: "x".repeat(200) }));
    await ctx.waitForCallback("accept", async (id) => answer(id), { timeout: { hours: 1 } });
    for (let i = 0; i < 3; i++) await ctx.step(`b${i}`, async () => ({ i, pad: "y".repeat(200) }));
    await ctx.waitForCallback("complete", async (id) => answer(id), { timeout: { hours: 1 } });
    await ctx.step("c", async () => 1);
    return "done";
  });
}

export async function benchOrderLike(options: {
  executions: number;
  concurrency: number;
  rounds: number;
}): Promise<Section> {
  const rows: Record<string, string | number>[] = [];
  for (let r = 1; r <= options.rounds; r++) {
    const { runtime, close } = openRuntime("sqlite");
    const answer = (id: string) =>
      setTimeout(() => void runtime.sendCallbackSuccess(id, JSON.stringify("ok")), 1);
    runtime.register("order", orderLikeHandler(answer) as never);
    try {
      const cpuBefore = process.cpuUsage();
      const began = performance.now();
      let next = 0;
      const customer = async (rt: DurableRuntime) => {
        while (next < options.executions) {
          const i = next++;
          const { executionArn } = await rt.startExecution({
            functionName: "order",
            executionName: `order-${i}`,
          });
          const done = await rt.waitForCompletion(executionArn, { timeoutMs: 600_000 });
          if (done.Status !== "SUCCEEDED") throw new Error(`execution ended ${done.Status}`);
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, () => customer(runtime)));
      const cpu = process.cpuUsage(cpuBefore);
      const seconds = (performance.now() - began) / 1000;
      rows.push({
        round: r,
        executions: options.executions,
        "at once": options.concurrency,
        "CPU ms per execution": round((cpu.user + cpu.system) / 1000 / options.executions, 2),
        "executions/s": Math.round(options.executions / seconds),
        "checkpoints each": round(runtime.counts.checkpoints / options.executions, 1),
      });
    } finally {
      await close();
    }
  }
  return {
    title: "Order-like executions at once (runtime alone, SQLite)",
    note: "3 steps, waitForCallback, 3 steps, waitForCallback, a step; callbacks answered in-process 1 ms after their id is known; CPU from process.cpuUsage() (the SDK and the handler included).",
    rows,
  };
}
