/**
 * Timer lateness: executions each wait one second on the real clock; the step after the wait
 * records how late it ran (timer firing, re-invocation and replay included).
 */
import { openRuntime } from "./engines.js";
import { timerLatenessHandler } from "./handlers.js";
import type { Section } from "./report.js";
import { percentile, round } from "./stats.js";

export async function benchTimerLateness(executions: number): Promise<Section> {
  const { runtime, close } = openRuntime("sqlite");
  try {
    runtime.register("timers", timerLatenessHandler as never);
    const arns: string[] = [];
    for (let i = 0; i < executions; i++) {
      const { executionArn } = await runtime.startExecution({
        functionName: "timers",
        executionName: `t-${i}`,
        input: { waitSeconds: 1 },
      });
      arns.push(executionArn);
    }
    const late: number[] = [];
    for (const arn of arns) {
      const done = await runtime.waitForCompletion(arn, { timeoutMs: 60_000 });
      late.push((JSON.parse(done.Result ?? "{}") as { late: number }).late);
    }
    return {
      title: "Timer lateness (1 s durable waits, real clock)",
      note: `${executions} executions started back to back; target p99 < 20 ms.`,
      rows: [
        {
          executions,
          "p50 ms": round(percentile(late, 50)),
          "p99 ms": round(percentile(late, 99)),
          "max ms": round(Math.max(...late)),
        },
      ],
    };
  } finally {
    await close();
  }
}
