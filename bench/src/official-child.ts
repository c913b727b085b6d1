/**
 * Measures the official LocalDurableTestRunner in its own process: its test environment installs
 * fake timers globally, which would slow every other engine measured in the same process.
 * Usage: node official-child.js <steps> <repeats> [skip|real]; prints one JSON line
 * {medianMs, medianCpuMs}. `skip` (the default) is the runner's time-skipping mode, which the
 * official examples use; `real` runs it on real timers.
 */
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { sequentialStepsHandler } from "./handlers.js";
import { median, nowMs } from "./stats.js";

const steps = Number(process.argv[2] ?? 10);
const repeats = Number(process.argv[3] ?? 1);
const skipTime = (process.argv[4] ?? "skip") === "skip";
await LocalDurableTestRunner.setupTestEnvironment({ skipTime });

/** Wall and CPU (user + system, this process) milliseconds of one run. */
async function runOnce(n: number): Promise<{ wall: number; cpu: number }> {
  const runner = new LocalDurableTestRunner({ handlerFunction: sequentialStepsHandler as never });
  const start = nowMs();
  const cpu = process.cpuUsage();
  const execution = await runner.run({ payload: { steps: n } as never });
  const used = process.cpuUsage(cpu);
  const elapsed = nowMs() - start;
  if (execution.getStatus() !== "SUCCEEDED") throw new Error(`ended ${execution.getStatus()}`);
  return { wall: elapsed, cpu: (used.user + used.system) / 1000 };
}

await runOnce(3); // warm-up
const samples: { wall: number; cpu: number }[] = [];
for (let i = 0; i < repeats; i++) samples.push(await runOnce(steps));
await LocalDurableTestRunner.teardownTestEnvironment();
process.stdout.write(
  `${JSON.stringify({
    medianMs: median(samples.map((s) => s.wall)),
    medianCpuMs: median(samples.map((s) => s.cpu)),
  })}\n`,
);
process.exit(0);
