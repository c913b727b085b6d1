import { ManualClock } from "../clock.js";
import { DurableRuntime, type DurableRuntimeOptions } from "../runtime.js";
import type { ExecutionStore } from "../store/execution-store.js";
import { MemoryStore } from "../store/memory-store.js";
import { SqliteStore } from "../store/sqlite-store.js";
import type { ExecutionRecord } from "../types.js";
import { openCallbackId } from "./callbacks.js";
import { approval } from "./handlers.js";

/** Both embedded stores, for `describe.each`: every behaviour is tested on each. */
export const testStores: [name: string, make: () => ExecutionStore][] = [
  ["MemoryStore", () => new MemoryStore()],
  ["SqliteStore", () => new SqliteStore({ path: ":memory:" })],
];

/** A stored execution record as a new RUNNING execution of function `f` has it (store tests). */
export const executionRecord = (arn: string, inputPayload = "{}"): ExecutionRecord => ({
  arn,
  functionName: "f",
  qualifier: "$LATEST",
  name: arn,
  status: "RUNNING",
  rootOperationId: "root",
  inputPayload,
  startMs: 0,
  invocationCount: 0,
  failedInvocations: 0,
  wake: false,
  inFlight: false,
  updatedOperationIds: [],
});

/** A promise the test settles: `opened` resolves once `open()` is called (holds a handler). */
export function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** A runtime on a manual clock that starts at 2026-01-01T00:00:00Z. */
export function manualRuntime(
  store: ExecutionStore,
  options: Partial<DurableRuntimeOptions> = {},
): { runtime: DurableRuntime; clock: ManualClock } {
  const clock = new ManualClock(Date.parse("2026-01-01T00:00:00Z"));
  return { runtime: new DurableRuntime({ store, clock, ...options }), clock };
}

/** Event types of an execution's history, InvocationCompleted left out. */
export async function historyTypes(runtime: DurableRuntime, arn: string): Promise<string[]> {
  const { Events } = await runtime.getExecutionHistory(arn);
  return Events.map((e) => e.EventType ?? "").filter((t) => t !== "InvocationCompleted");
}

/**
 * Drives an execution to a final status on a manual clock: settles, then jumps the clock to
 * the next durable timer, until the execution finishes or nothing is left to wait for.
 */
export async function runToCompletion(
  runtime: DurableRuntime,
  clock: ManualClock,
  arn: string,
  maxSteps = 1000,
): Promise<Awaited<ReturnType<DurableRuntime["getExecution"]>>> {
  for (let i = 0; i < maxSteps; i++) {
    await runtime.settle();
    const execution = await runtime.getExecution(arn);
    if (execution.Status !== "RUNNING") return execution;
    const next = runtime.store.nextTimerDue();
    if (next === undefined) return execution;
    clock.set(Math.max(next, clock.now()));
  }
  return runtime.getExecution(arn);
}

/**
 * Registers the `approval` handler as "approval", starts it with `input` and settles: answers
 * the execution and the id of the callback it waits on.
 */
export async function startApproval(
  runtime: DurableRuntime,
  input: { timeoutSeconds: number; heartbeatSeconds?: number; key: string },
  options: { executionTimeoutSeconds?: number } = {},
): Promise<{ executionArn: string; callbackId: string }> {
  runtime.register("approval", approval, options);
  const { executionArn } = await runtime.startExecution({ functionName: "approval", input });
  await runtime.settle();
  const callbackId = await openCallbackId(runtime, executionArn);
  if (!callbackId) throw new Error(`approval ${executionArn} opened no callback`);
  return { executionArn, callbackId };
}
