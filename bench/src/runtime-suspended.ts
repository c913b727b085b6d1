/**
 * Memory of suspended executions: start N executions that each wait for a callback that never
 * comes, then compare heap and RSS (after GC) with the runtime idle before them, twice: right
 * after the last one suspended, and after a pause. The SDK keeps every invocation's state alive
 * for 500 ms after it returns (a diagnostic `setTimeout` in `withDurableExecution`), so the
 * first figure is the last half-second of invocations; the second is what suspended
 * executions themselves cost (the steady state).
 */
import { openRuntime } from "./engines.js";
import { suspendedHandler } from "./handlers.js";
import type { Section } from "./report.js";
import { round } from "./stats.js";

/** Longer than the SDK's 500 ms hold on each finished invocation. */
const STEADY_PAUSE_MS = 1000;

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
    await new Promise((resolve) => setTimeout(resolve, STEADY_PAUSE_MS));
    const steady = gcAndMeasure();
    const running = await runtime.listExecutions({
      functionName: "suspended",
      statuses: ["RUNNING"],
      maxItems: 1000,
    });
    const perExecution = (heap: number) =>
      Math.round(((heap - before.heap) * 2 ** 20) / executions);
    const gc = Boolean((globalThis as { gc?: unknown }).gc);
    return {
      title: "Suspended executions in memory",
      note:
        `Heap after a forced GC${gc ? "" : " (not available: run node with --expose-gc)"}, ` +
        `right after the last execution suspended and ${STEADY_PAUSE_MS} ms later. The first ` +
        "includes the SDK's 500 ms hold on each finished invocation; the second is the steady state.",
      rows: [
        {
          executions,
          "listed RUNNING (first page)": running.DurableExecutions.length,
          "heap before MiB": round(before.heap, 1),
          "right after MiB": round(after.heap, 1),
          "right after B/exec": perExecution(after.heap),
          "steady MiB": round(steady.heap, 1),
          "steady B/exec": perExecution(steady.heap),
          "rss delta MiB": round(steady.rss - before.rss, 1),
        },
      ],
    };
  } finally {
    await close();
  }
}
