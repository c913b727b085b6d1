/** Many executions at once: aggregate durable steps per second on one SQLite file. */
import { openRuntime } from "./engines.js";
import { sequentialStepsHandler } from "./handlers.js";
import type { Section } from "./report.js";
import { nowMs, round } from "./stats.js";

export async function benchConcurrentExecutions(
  executions: number,
  steps: number,
): Promise<Section> {
  const { runtime, close } = openRuntime("sqlite");
  try {
    runtime.register("steps", sequentialStepsHandler as never);
    const start = nowMs();
    const arns = await Promise.all(
      Array.from({ length: executions }, (_, i) =>
        runtime
          .startExecution({ functionName: "steps", executionName: `c-${i}`, input: { steps } })
          .then((r) => r.executionArn),
      ),
    );
    for (const arn of arns) {
      const done = await runtime.waitForCompletion(arn, { timeoutMs: 600_000 });
      if (done.Status !== "SUCCEEDED") throw new Error(`execution ended ${done.Status}`);
    }
    const elapsed = nowMs() - start;
    return {
      title: "Concurrent executions",
      rows: [
        {
          executions,
          "steps each": steps,
          "total s": round(elapsed / 1000),
          "steps/s": Math.round(((executions * steps) / elapsed) * 1000),
        },
      ],
    };
  } finally {
    await close();
  }
}
