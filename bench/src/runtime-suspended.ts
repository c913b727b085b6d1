/**
 * Memory of suspended executions: start N executions that each wait for a callback that never
 * comes, then compare heap and RSS (after GC) with the runtime idle before them.
 */
import { openRuntime } from "./engines.js";
import { suspendedHandler } from "./handlers.js";
import type { Section } from "./report.js";
import { round } from "./stats.js";

function gcAndMeasure() {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 2 ** 20, rss: m.rss / 2 ** 20 };
}

export async function benchSuspendedMemory(executions: number): Promise<Section> {
  const { runtime, close } = openRuntime("sqlite");
  try {
    runtime.register("suspended", suspendedHandler as never);
    await runtime.settle();
    const before = gcAndMeasure();
    for (let i = 0; i < executions; i++) {
      await runtime.startExecution({ functionName: "suspended", executionName: `s-${i}` });
      if (i % 500 === 499) await runtime.settle();
    }
    await runtime.settle();
    const after = gcAndMeasure();
    const running = await runtime.listExecutions({
      functionName: "suspended",
      statuses: ["RUNNING"],
      maxItems: 1000,
    });
    return {
      title: "Suspended executions in memory",
      note: (globalThis as { gc?: unknown }).gc ? "" : "run with --expose-gc for exact figures",
      rows: [
        {
          executions,
          "listed RUNNING (first page)": running.DurableExecutions.length,
          "heap before MiB": round(before.heap, 1),
          "heap after MiB": round(after.heap, 1),
          "heap per execution B": Math.round(((after.heap - before.heap) * 2 ** 20) / executions),
          "rss delta MiB": round(after.rss - before.rss, 1),
        },
      ],
    };
  } finally {
    await close();
  }
}
