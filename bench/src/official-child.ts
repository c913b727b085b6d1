/**
 * Measures the official LocalDurableTestRunner in its own process: its test environment installs
 * fake timers globally, which would slow every other engine measured in the same process.
 * Usage: node official-child.js <steps> <repeats>; prints one JSON line {medianMs}.
 */
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { sequentialStepsHandler } from "./handlers.js";
import { median, nowMs } from "./stats.js";

const steps = Number(process.argv[2] ?? 10);
const repeats = Number(process.argv[3] ?? 1);
await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });

async function runOnce(n: number): Promise<number> {
  const runner = new LocalDurableTestRunner({ handlerFunction: sequentialStepsHandler as never });
  const start = nowMs();
  const execution = await runner.run({ payload: { steps: n } as never });
  const elapsed = nowMs() - start;
  if (execution.getStatus() !== "SUCCEEDED") throw new Error(`ended ${execution.getStatus()}`);
  return elapsed;
}

await runOnce(3); // warm-up
const samples: number[] = [];
for (let i = 0; i < repeats; i++) samples.push(await runOnce(steps));
await LocalDurableTestRunner.teardownTestEnvironment();
process.stdout.write(`${JSON.stringify({ medianMs: median(samples) })}\n`);
process.exit(0);
