/**
 * What echoing every checkpoint's updates back to the handler (`echoUpdates`, the service's
 * behaviour) costs: one execution of N sequential steps on SQLite, echo off and on, interleaved
 * run by run, as wall-clock medians and as this process's CPU time per run.
 */
import { openRuntime, timeOnRuntime } from "./engines.js";
import { sequentialStepsHandler } from "./handlers.js";
import type { Row, Section } from "./report.js";
import { median, round } from "./stats.js";

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export async function benchEcho(opts: { sizes: number[]; repeats: number }): Promise<Section> {
  const handler = sequentialStepsHandler as never;
  const off = openRuntime("sqlite");
  const on = openRuntime("sqlite", { echoUpdates: true });
  off.runtime.register("steps", handler);
  on.runtime.register("steps", handler);
  const rows: Row[] = [];
  for (const runtime of [off.runtime, on.runtime])
    await timeOnRuntime(runtime, "steps", { steps: 50 });
  for (const n of opts.sizes) {
    const wall = { off: [] as number[], on: [] as number[] };
    const cpu = { off: [] as number[], on: [] as number[] };
    for (let i = 0; i < opts.repeats; i++) {
      for (const [key, runtime] of [
        ["off", off.runtime],
        ["on", on.runtime],
      ] as const) {
        const before = cpuMs();
        wall[key].push(await timeOnRuntime(runtime, "steps", { steps: n }));
        cpu[key].push(cpuMs() - before);
      }
    }
    const [wOff, wOn, cOff, cOn] = [wall.off, wall.on, cpu.off, cpu.on].map(median) as [
      number,
      number,
      number,
      number,
    ];
    rows.push({
      steps: n,
      "off ms": round(wOff),
      "on ms": round(wOn),
      "on / off (wall)": round(wOn / wOff, 2),
      "off CPU ms": round(cOff),
      "on CPU ms": round(cOn),
      "on / off (CPU)": round(cOn / cOff, 2),
    });
  }
  await off.close();
  await on.close();
  return {
    title: "Echoed updates (echoUpdates) on sequential steps, SQLite",
    note: `Medians of ${opts.repeats} interleaved runs per size; CPU = this process's user+system time per run.`,
    rows,
  };
}
