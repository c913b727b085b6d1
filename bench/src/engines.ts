/** Runs one handler to completion on each engine being compared. */

import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DurableRuntime, MemoryStore, SqliteStore } from "@coffee/durable-runtime";

export type StoreKind = "sqlite" | "memory";

/** A runtime on a fresh SQLite file (or memory store) in a temp directory. */
export function openRuntime(kind: StoreKind = "sqlite", options: { echoUpdates?: boolean } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-runtime-"));
  const store =
    kind === "sqlite"
      ? new SqliteStore({ path: path.join(dir, "runtime.sqlite") })
      : new MemoryStore();
  const runtime = new DurableRuntime({ store, ...options });
  return {
    runtime,
    async close() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let executionCounter = 0;

/** Starts one execution on an open runtime and waits for it; returns start→completion ms. */
export async function timeOnRuntime(
  runtime: DurableRuntime,
  functionName: string,
  input: unknown,
): Promise<number> {
  const start = performance.now();
  const { executionArn } = await runtime.startExecution({
    functionName,
    executionName: `run-${++executionCounter}`,
    input,
  });
  const done = await runtime.waitForCompletion(executionArn, { timeoutMs: 600_000 });
  const elapsed = performance.now() - start;
  if (done.Status !== "SUCCEEDED") throw new Error(`our runtime ended ${done.Status}`);
  return elapsed;
}

/**
 * Median wall and CPU ms of the official runner on `steps` sequential steps, measured in a child
 * process, in its time-skipping mode (`skip`, as the official examples run it) or on real timers.
 */
export async function timeOfficial(
  steps: number,
  repeats: number,
  mode: "skip" | "real" = "skip",
): Promise<{ medianMs: number; medianCpuMs: number }> {
  const child = spawn(
    process.execPath,
    [
      "--disable-warning=ExperimentalWarning",
      path.join(import.meta.dirname, "official-child.js"),
      String(steps),
      String(repeats),
      mode,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`official runner child exited ${code}`);
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
    medianMs: number;
    medianCpuMs: number;
  };
}
