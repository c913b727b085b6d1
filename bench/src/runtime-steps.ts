/**
 * One execution of N sequential steps: our runtime on SQLite, the SDK's ceiling (a transport
 * that costs nothing) and the official LocalDurableTestRunner, side by side in one process.
 * Per-step cost that stays flat as N grows shows replay is linear, not quadratic.
 */
import { runOnNullTransport } from "./ceiling.js";
import { openRuntime, timeOfficial, timeOnRuntime } from "./engines.js";
import { sequentialStepsHandler } from "./handlers.js";
import type { Row, Section } from "./report.js";
import { median, nowMs, round } from "./stats.js";

async function timeIt(repeats: number, run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = nowMs();
    await run();
    samples.push(nowMs() - start);
  }
  return median(samples);
}

export async function benchSequentialSteps(opts: {
  sizes: number[];
  officialMax: number;
  repeats: number;
}): Promise<Section> {
  const rows: Row[] = [];
  const handler = sequentialStepsHandler as never;
  // Warm up each engine once so JIT and module loading are out of the figures.
  await runOnNullTransport(handler, { steps: 10 });
  // One open runtime per store for the whole run, as an app would have; each measurement is one
  // new execution from start to completion (store creation is not part of it).
  const sqlite = openRuntime("sqlite");
  const memory = openRuntime("memory");
  sqlite.runtime.register("steps", handler);
  memory.runtime.register("steps", handler);
  const onSqlite = (input: unknown) => timeOnRuntime(sqlite.runtime, "steps", input);
  const onMemory = (input: unknown) => timeOnRuntime(memory.runtime, "steps", input);
  await onSqlite({ steps: 10 });
  await onMemory({ steps: 10 });

  for (const n of opts.sizes) {
    const input = { steps: n };
    const repeats = n >= 10_000 ? 1 : opts.repeats;
    // Interleaved (ceiling, SQLite, memory, ceiling, ...) so that load from elsewhere on the
    // machine and the JIT's state fall on all three alike; medians of each.
    const samples = {
      ceiling: [] as number[],
      ours: [] as number[],
      oursCpu: [] as number[],
      memory: [] as number[],
    };
    for (let i = 0; i < repeats; i++) {
      samples.ceiling.push(await timeIt(1, () => runOnNullTransport(handler, input)));
      const cpu = process.cpuUsage();
      samples.ours.push(await onSqlite(input));
      const used = process.cpuUsage(cpu);
      samples.oursCpu.push((used.user + used.system) / 1000);
      samples.memory.push(await onMemory(input));
    }
    const ceiling = median(samples.ceiling);
    const ours = median(samples.ours);
    const inMemory = median(samples.memory);
    const oursCpu = median(samples.oursCpu);
    // Both of the official runner's modes: time skipping (as its examples run; it waits on a
    // timer per step) and real timers.
    const measured = n <= opts.officialMax;
    const skip = measured ? await timeOfficial(n, 1, "skip") : undefined;
    const real = measured ? await timeOfficial(n, 1, "real") : undefined;
    const times = (value: number | undefined, by: number) =>
      value === undefined ? "" : `${round(value / by, 1)}x`;
    rows.push({
      steps: n,
      "ceiling ms": round(ceiling),
      "ours sqlite ms": round(ours),
      "ours CPU ms": round(oursCpu),
      "ours memory ms": round(inMemory),
      "official skip-time ms": skip ? round(skip.medianMs) : "skipped",
      "official real-time ms": real ? round(real.medianMs) : "skipped",
      "official CPU ms (skip/real)":
        skip && real ? `${round(skip.medianCpuMs)}/${round(real.medianCpuMs)}` : "",
      "ours steps/s": Math.round((n / ours) * 1000),
      "ours µs/step": round((ours / n) * 1000, 1),
      "ours / ceiling speed": round(ceiling / ours, 3),
      "vs official skip-time": times(skip?.medianMs, ours),
      "vs official real-time": times(real?.medianMs, ours),
      "vs official CPU (real)": times(real?.medianCpuMs, oursCpu),
    });
  }
  await sqlite.close();
  await memory.close();
  return {
    title: "Sequential steps in one execution",
    note:
      "ceiling = same handler on a transport that stores nothing; 'ours / ceiling speed' is the" +
      ` fraction of the SDK's ceiling reached (target ≥ 0.4 at 1,000 steps); official runner` +
      ` measured up to ${opts.officialMax} steps, in both its modes: skip-time (as its examples` +
      ` run; a ≈20 ms timer per step) and real-time; CPU = user+system ms of the process running` +
      ` the engine. Medians of ${opts.repeats} interleaved runs per size (official: one run).`,
    rows,
  };
}
