/**
 * Timer lateness: how long after a durable wait's ScheduledEndTimestamp (from the history) the
 * handler resumed (the step right after the wait ran), on the real clock, in two scenarios:
 * - steady: executions start at an even rate (one every 10 ms), each waits 1 s: a shop's load;
 * - burst: all start at once and every timer falls due in the same millisecond (the clock is
 *   held while they reach their wait): a CPU-bound stress figure.
 * The older measure, from the step before the wait (so queueing before the wait started is in
 * it), is kept as its own column.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DurableRuntime, type Event, SqliteStore } from "@coffee/durable-runtime";
import { timerLatenessHandler } from "./handlers.js";
import { HeldClock } from "./held-clock.js";
import type { Row, Section } from "./report.js";
import { percentile, round } from "./stats.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  /** Handler resumed (step after the wait ran) minus the wait's scheduled end. */
  resumed: number;
  /** The runtime fired the timer (WaitSucceeded) minus the scheduled end. */
  fired: number;
  /** Old measure: resumed minus (step before the wait + wait). */
  fromStep: number;
}

async function run(
  scenario: "steady" | "burst",
  executions: number,
): Promise<{ samples: Sample[]; setupMs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-timers-"));
  const clock = new HeldClock();
  const runtime = new DurableRuntime({
    store: new SqliteStore({ path: path.join(dir, "runtime.sqlite") }),
    clock,
  });
  try {
    runtime.register("timers", timerLatenessHandler as never);
    const waitSeconds = scenario === "steady" ? 1 : 2;
    const arns: string[] = [];
    const t0 = Date.now();
    if (scenario === "burst") clock.hold();
    for (let i = 0; i < executions; i++) {
      if (scenario === "steady") await sleep(t0 + i * 10 - Date.now());
      const { executionArn } = await runtime.startExecution({
        functionName: "timers",
        executionName: `t-${i}`,
        input: { waitSeconds },
      });
      arns.push(executionArn);
    }
    if (scenario === "burst") {
      await runtime.settle(); // every execution has reached its wait, all due at hold + 2 s
      clock.release();
    }
    const setupMs = Date.now() - t0;
    const samples: Sample[] = [];
    for (const arn of arns) {
      const done = await runtime.waitForCompletion(arn, { timeoutMs: 60_000 });
      const out = JSON.parse(done.Result ?? "{}") as { started: number; resumed: number };
      const { Events } = await runtime.getExecutionHistory(arn);
      const due = scheduledEnd(Events);
      const fired = Events.find((e) => e.EventType === "WaitSucceeded")!.EventTimestamp!.getTime();
      samples.push({
        resumed: out.resumed - due,
        fired: fired - due,
        fromStep: out.resumed - out.started - waitSeconds * 1000,
      });
    }
    return { samples, setupMs };
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const scheduledEnd = (events: Event[]): number =>
  events
    .find((e) => e.EventType === "WaitStarted")!
    .WaitStartedDetails!.ScheduledEndTimestamp!.getTime();

export async function benchTimerLateness(executions: number): Promise<Section> {
  const rows: Row[] = [];
  for (const scenario of ["steady", "burst"] as const) {
    const { samples, setupMs } = await run(scenario, executions);
    const col = (k: keyof Sample, p: number) =>
      round(
        percentile(
          samples.map((s) => s[k]),
          p,
        ),
        1,
      );
    rows.push({
      scenario:
        scenario === "steady"
          ? `steady: ${executions} over ${(executions * 10) / 1000} s, 1 s waits`
          : `burst: ${executions} at once, same due ms`,
      "resumed p50 ms": col("resumed", 50),
      "resumed p99 ms": col("resumed", 99),
      "resumed max ms": col("resumed", 100),
      "fired p50 ms": col("fired", 50),
      "fired p99 ms": col("fired", 99),
      "old: from step p50 ms": scenario === "steady" ? col("fromStep", 50) : "n/a",
      "old: from step p99 ms": scenario === "steady" ? col("fromStep", 99) : "n/a",
      "setup ms": setupMs,
    });
  }
  return {
    title: "Timer lateness (durable waits, real clock, SQLite)",
    note:
      "Lateness = handler resumed after the wait (the next step ran) minus the wait's " +
      "ScheduledEndTimestamp; 'fired' = the runtime's WaitSucceeded minus the same. Target p99 < 20 ms. " +
      "The old measure (from the step before the wait) also counts queueing before the wait began.",
    rows,
  };
}
