import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "./store/sqlite-store.js";

// The worker runs from TypeScript source: Node 22 transforms the types, and this resolve hook
// maps the sources' `.js` import specifiers to their `.ts` files.
const HOOK = `data:text/javascript,${encodeURIComponent(`
import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); }
  catch (error) {
    if (/^\\\\.{1,2}\\\\//.test(specifier) && specifier.endsWith(".js"))
      return next(specifier.slice(0, -3) + ".ts", context);
    throw error;
  }
}\`));`)}`;
const WORKER = fileURLToPath(new URL("./testing/crash-worker.ts", import.meta.url));

const run = (db: string, log: string, mode: "start" | "resume" | "many"): ChildProcess =>
  spawn(
    process.execPath,
    [
      "--experimental-transform-types",
      "--disable-warning=ExperimentalWarning",
      "--import",
      HOOK,
      WORKER,
      db,
      log,
      mode,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );

const lines = (log: string) =>
  existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [];

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const kill = async (child: ChildProcess) => {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
};

/** Names of the steps the store had recorded as succeeded when the process died. */
const succeededSteps = (db: string): string[] => {
  const store = new SqliteStore({ path: db });
  try {
    const rec = store.findExecutionByName("crashable", "crash-1")!;
    return store
      .listEvents(rec.arn, { limit: 10_000 })
      .filter((e) => e.EventType === "StepSucceeded")
      .map((e) => e.Name!);
  } finally {
    store.close();
  }
};

describe("crash safety (kill -9 of a real process)", () => {
  const dir = mkdtempSync(join(tmpdir(), "durable-crash-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("resumes after SIGKILL: due timers fire, completed steps never re-run, an interrupted at-most-once step never runs twice", async () => {
    const db = join(dir, "runtime.db");
    const log = join(dir, "steps.log");

    // 1. Kill while the execution is in its first steps or its durable wait.
    const first = run(db, log, "start");
    await until(() => lines(log).includes("s-3"), "step s-3");
    await kill(first);
    const doneBeforeFirstCrash = succeededSteps(db);
    const linesAtFirstCrash = lines(log).length;

    // 2. Restart; kill again in the middle of the at-most-once "charge" step.
    const second = run(db, log, "resume");
    await until(() => lines(log).includes("charge"), "the charge step");
    await kill(second);
    const doneBeforeSecondCrash = succeededSteps(db);
    const linesAtSecondCrash = lines(log).length;

    // 3. Restart; it must finish.
    const third = run(db, log, "resume");
    let out = "";
    third.stdout!.on("data", (chunk) => {
      out += chunk;
    });
    const code = await new Promise((r) => third.once("exit", r));
    expect(code).toBe(0);
    const result = JSON.parse(out.trim()) as { Status: string; Result: string };
    expect(result.Status).toBe("SUCCEEDED");
    // The charge was interrupted: the SDK fails it on replay instead of charging twice.
    expect(JSON.parse(result.Result)).toEqual({ steps: 8, charged: false });

    const runs = lines(log);
    const count = (name: string) => runs.filter((l) => l === name).length;
    expect(count("charge")).toBe(1);
    // A step the store recorded as succeeded never runs again after a restart.
    const afterFirst = runs.slice(linesAtFirstCrash);
    const afterSecond = runs.slice(linesAtSecondCrash);
    for (const step of doneBeforeFirstCrash) expect(afterFirst, step).not.toContain(step);
    for (const step of doneBeforeSecondCrash) expect(afterSecond, step).not.toContain(step);
    expect(doneBeforeFirstCrash.length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 8; i++) expect(count(`s-${i}`)).toBeGreaterThanOrEqual(1);
    expect(doneBeforeSecondCrash).toEqual(expect.arrayContaining(["s-0", "s-1", "s-2", "s-7"]));
  });

  it("loses no acknowledged step when killed while many executions checkpoint at once", async () => {
    // Checkpoints of one event-loop turn share a COMMIT (SqliteStore.defer); an answer must
    // never leave before it. Each handler logs a step only after its SUCCEED was answered.
    const db = join(dir, "many.db");
    const log = join(dir, "many.log");
    const child = run(db, log, "many");
    await until(() => lines(log).length >= 1500, "1,500 acknowledged steps");
    await kill(child);
    const acknowledged = lines(log);
    const store = new SqliteStore({ path: db });
    try {
      const kept = new Set<string>();
      for (let i = 0; i < 30; i++) {
        const rec = store.findExecutionByName("acknowledged", `many-${i}`);
        if (!rec) continue;
        for (const e of store.listEvents(rec.arn, { limit: 1_000_000 })) {
          if (e.EventType === "StepSucceeded") kept.add(`many-${i} ${e.Name}`);
        }
      }
      const lost = acknowledged.filter((line) => !kept.has(line));
      expect(lost).toEqual([]);
      expect(new Set(acknowledged.map((line) => line.split(" ")[0])).size).toBeGreaterThan(1);
    } finally {
      store.close();
    }
  });
});
