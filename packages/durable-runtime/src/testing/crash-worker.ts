/**
 * A process that embeds the runtime on a SQLite file, for the crash test:
 *   crash-worker <db> <log> start   starts execution "crash-1" and runs until killed
 *   crash-worker <db> <log> resume  resumes whatever is unfinished, prints the result, exits
 *   crash-worker <db> <log> many    starts 30 executions of acknowledgedSteps at once, runs
 *                                   until killed
 */
import { DurableRuntime } from "../runtime.js";
import { SqliteStore } from "../store/sqlite-store.js";
import { acknowledgedSteps, crashable } from "./handlers.js";

const [db, log, mode] = process.argv.slice(2);
const store = new SqliteStore({ path: db! });
const runtime = new DurableRuntime({ store });
runtime.register("crashable", crashable);
runtime.register("acknowledged", acknowledgedSteps);
if (mode === "many") {
  await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      runtime.startExecution({
        functionName: "acknowledged",
        executionName: `many-${i}`,
        input: { log, name: `many-${i}`, steps: 100_000 },
      }),
    ),
  );
  await new Promise(() => {}); // until killed
} else if (mode === "start") {
  const { executionArn } = await runtime.startExecution({
    functionName: "crashable",
    executionName: "crash-1",
    input: { log, steps: 8, chargeMs: 5_000 },
  });
  await runtime.waitForCompletion(executionArn);
} else {
  const arn = store.findExecutionByName("crashable", "crash-1")!.arn;
  const done = await runtime.waitForCompletion(arn, { timeoutMs: 20_000 });
  process.stdout.write(`${JSON.stringify({ Status: done.Status, Result: done.Result })}\n`);
  await runtime.close();
}
