/**
 * The stack's start-up, in CPU: what `pnpm start` spends from the command to its `Ready` line,
 * after the build (issue #15's trial counts it: a fresh start, then 300 orders). Each round
 * starts the stack on a fresh DATA_DIR (a first start: tables created, the shop seeded), stops
 * it, and starts it again on the same directory (every later start), reading /proc at the
 * `Ready` line for the stack's process (by thread) and for its dynalite child. With
 * `--stack-main` the rounds alternate between that build's stack and this one's.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startStackProcess } from "@coffee/local-stack/testing";
import { childPids, cpuMs, threadSplitMs, treeCpuMs } from "./proc-cpu.js";
import type { Row, Section } from "./report.js";
import { median, round } from "./stats.js";

interface StartSample {
  stack: number;
  main: number;
  runtime: number;
  other: number;
  dynalite: number;
  readyMs: number;
}

async function startOnce(dataDir: string, main: string | undefined): Promise<StartSample> {
  const began = performance.now();
  const stack = await startStackProcess({ dataDir, main, startTimeoutMs: 120_000 });
  const readyMs = performance.now() - began;
  try {
    const pid = stack.child.pid!;
    const split = threadSplitMs(pid, new Map());
    // The stack's one child process is dynalite's.
    const dynalite = treeCpuMs(childPids(pid));
    return {
      stack: cpuMs(pid),
      main: split.main,
      runtime: split.busiest,
      other: split.rest,
      dynalite,
      readyMs,
    };
  } finally {
    await stack.stop();
  }
}

export async function benchShopStart(options: {
  rounds: number;
  /** Another build's stack entry, started alternately with this one's. */
  stackMain?: string;
}): Promise<Section> {
  const builds: { label: string; main: string | undefined }[] = options.stackMain
    ? [
        { label: `A: ${options.stackMain}`, main: options.stackMain },
        { label: "B: this build", main: undefined },
      ]
    : [{ label: "this build", main: undefined }];
  const samples = new Map<string, StartSample[]>();
  for (let r = 1; r <= options.rounds; r++) {
    for (const build of builds) {
      const dataDir = await mkdtemp(path.join(tmpdir(), "coffee-bench-start-"));
      try {
        for (const kind of ["first start", "restart"]) {
          const sample = await startOnce(dataDir, build.main);
          const key = `${build.label}\u0000${kind}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          console.error(
            `  round ${r} ${build.label}, ${kind}: stack ${sample.stack} ms CPU, dynalite ${sample.dynalite} ms, Ready after ${Math.round(sample.readyMs)} ms`,
          );
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  }
  const rows: Row[] = [...samples].map(([key, list]) => {
    const [build, kind] = key.split("\u0000");
    const pick = (f: (s: StartSample) => number) => round(median(list.map(f)), 0);
    const range = (f: (s: StartSample) => number) =>
      `${Math.min(...list.map(f))}–${Math.max(...list.map(f))}`;
    return {
      build: build!,
      start: kind!,
      starts: list.length,
      "stack CPU ms (median)": pick((s) => s.stack),
      "…range": range((s) => s.stack),
      "…main / runtime / other threads": `${pick((s) => s.main)} / ${pick((s) => s.runtime)} / ${pick((s) => s.other)}`,
      "dynalite CPU ms": pick((s) => s.dynalite),
      "to Ready ms (wall)": pick((s) => s.readyMs),
    };
  });
  return {
    title: `Shop: start-up CPU (${options.rounds} rounds${options.stackMain ? ", builds alternated" : ""})`,
    note: "From spawning `node <stack main>` (as `pnpm start` does after its build) to the `Ready` line: the stack's process from /proc/PID/stat (by thread: main, its busiest other thread, the rest), and its dynalite child's. A first start runs on a fresh DATA_DIR (tables created, the shop seeded); a restart on the same directory. /proc counts in 10 ms ticks.",
    rows,
  };
}
