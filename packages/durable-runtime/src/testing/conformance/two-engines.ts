import type { DurableLambdaHandler, ErrorObject } from "@aws/durable-execution-sdk-js";
import {
  LocalDurableTestRunner,
  WaitingOperationStatus,
} from "@aws/durable-execution-sdk-js-testing";
import type { Event } from "@aws-sdk/client-lambda";
import type { ManualClock } from "../../clock.js";
import type { DurableRuntime, DurableRuntimeOptions } from "../../runtime.js";
import type { ExecutionStore } from "../../store/execution-store.js";
import { manualRuntime, runToCompletion } from "../fixture.js";
import { historyPerOperation, historyShape } from "../history-shape.js";
import { realSleep, tracing } from "./views.js";

/**
 * Runs one official-SDK handler on the SDK's LocalDurableTestRunner and on this runtime,
 * answering its callbacks the same way on both, and reduces each run to an `Outcome` the
 * conformance test compares.
 */

/** Something the outside world does to a running execution, in order. */
export type Drive =
  /**
   * Answers the callback of the operation with this name (a createCallback or waitForCallback).
   * `early`: as soon as the callback has started, while the handler may still be running
   * (the official runner always answers then; ours otherwise waits for the handler to suspend).
   */
  | { callback: string; send: "success"; result?: string; early?: boolean }
  | { callback: string; send: "failure"; error?: ErrorObject }
  | { callback: string; send: "heartbeat" }
  /** Lets this much time pass (real time on the official runner, whose callback timers are real). */
  | { advanceMs: number };

export interface ConformanceCase {
  name: string;
  handler: DurableLambdaHandler;
  input?: unknown;
  /** Other functions the handler invokes, by name. */
  functions?: Record<string, DurableLambdaHandler>;
  /** On-demand (non-durable) Lambda handlers the handler invokes, by name. */
  plainFunctions?: Record<string, PlainHandler>;
  /** Branches run concurrently: only each operation's own event order is fixed. */
  concurrent?: boolean;
  drive?: Drive[];
  /**
   * Where the official emulator is wrong, or decides something the service's documentation
   * leaves open, and this runtime does otherwise on purpose: why, and what this runtime must
   * show instead, derived from what the official runner showed.
   */
  divergence?: { why: string; ours: (official: Comparable) => Comparable };
  /**
   * Where this runtime is knowingly wrong, kept so for a stated reason (`why`, naming where
   * it is described): what it shows today. Fixing the gap makes the case fail on purpose.
   */
  knownGap?: { why: string; ours: (official: Comparable) => Comparable };
  /**
   * Where the official runner cannot run the case reliably (it throws instead of answering)
   * or at all (`skip`: it has no equivalent): why, and what this runtime must show instead.
   */
  withoutOfficial?: { why: string; expected: Comparable; skip?: boolean };
  /** executionTimeoutSeconds of the functions the handler invokes (this runtime only). */
  timeouts?: Record<string, number>;
  /** Options of this runtime for the case (e.g. `echoUpdates`). */
  runtime?: Partial<DurableRuntimeOptions>;
}

// biome-ignore lint/suspicious/noExplicitAny: a Lambda handler takes any event.
export type PlainHandler = (event: any, context: any, callback: any) => unknown;

export interface Outcome {
  status: string | undefined;
  result: unknown;
  error: { type?: string; message?: string; data?: string } | undefined;
  history: Event[];
  trace: string[];
}

/**
 * The official run. A run that throws instead of answering (the runner's own failures, such
 * as "Invalid current STEP state to close" on a legal checkpoint, see conditionFailed) is
 * tried again, up to three times; a run with an outcome never is.
 */
export async function runOfficial(c: ConformanceCase): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOfficialOnce(c);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function runOfficialOnce(c: ConformanceCase): Promise<Outcome> {
  const trace: string[] = [];
  const runner = new LocalDurableTestRunner({ handlerFunction: tracing(trace, c.handler) });
  for (const [fn, child] of Object.entries(c.functions ?? {}))
    runner.registerDurableFunction(fn, tracing(trace, child));
  for (const [fn, plain] of Object.entries(c.plainFunctions ?? {}))
    runner.registerFunction(fn, plain as never);
  const names = new Set((c.drive ?? []).flatMap((d) => ("callback" in d ? [d.callback] : [])));
  const operations = new Map([...names].map((name) => [name, runner.getOperation(name)] as const));
  const running = runner.run({ payload: c.input });
  // Ready to be answered: started and, for a waitForCallback, its submitter done (as an outside
  // system would see it; ours answers once the handler has suspended). Waited for from the
  // start: the runner reports SUBMITTED only to a waiter that was there when it happened.
  const ready = new Map(
    [...operations].map(([name, op]) => [
      name,
      op
        .waitForData(WaitingOperationStatus.STARTED)
        .then(() =>
          op.isWaitForCallback() ? op.waitForData(WaitingOperationStatus.SUBMITTED) : op,
        ),
    ]),
  );
  for (const d of c.drive ?? []) {
    if ("advanceMs" in d) {
      await realSleep(d.advanceMs);
      continue;
    }
    const op = operations.get(d.callback)!;
    await ready.get(d.callback);
    if (d.send === "success") await op.sendCallbackSuccess(d.result);
    else if (d.send === "failure") await op.sendCallbackFailure(d.error);
    else await op.sendCallbackHeartbeat();
  }
  const result = await running;
  const status = result.getStatus();
  const error = status === "SUCCEEDED" ? undefined : result.getError();
  return {
    status,
    result: status === "SUCCEEDED" ? result.getResult() : undefined,
    error: error && { type: error.errorType, message: error.errorMessage, data: error.errorData },
    history: result.getHistoryEvents(),
    trace,
  };
}

export async function runOurs(c: ConformanceCase, store: ExecutionStore): Promise<Outcome> {
  const trace: string[] = [];
  const { runtime, clock } = manualRuntime(store, c.runtime);
  try {
    runtime.register("under-test", tracing(trace, c.handler));
    for (const [fn, child] of Object.entries(c.functions ?? {}))
      runtime.register(fn, tracing(trace, child), {
        executionTimeoutSeconds: c.timeouts?.[fn],
      });
    for (const [fn, plain] of Object.entries(c.plainFunctions ?? {}))
      runtime.register(fn, plain as never, { durable: false });
    const { executionArn } = await runtime.startExecution({
      functionName: "under-test",
      input: c.input,
    });
    for (const d of c.drive ?? []) {
      if ("advanceMs" in d) {
        await runtime.settle();
        clock.advance(d.advanceMs);
        await runtime.settle();
        continue;
      }
      const id =
        "early" in d && d.early
          ? await startedCallbackId(runtime, executionArn, d.callback)
          : await awaitCallbackId(runtime, clock, executionArn, d.callback);
      if (d.send === "success") await runtime.sendCallbackSuccess(id, d.result);
      else if (d.send === "failure") await runtime.sendCallbackFailure(id, d.error);
      else await runtime.sendCallbackHeartbeat(id);
    }
    const execution = await runToCompletion(runtime, clock, executionArn);
    const { Events } = await runtime.getExecutionHistory(executionArn);
    const status = execution.Status;
    return {
      status,
      result:
        status === "SUCCEEDED" && execution.Result !== undefined
          ? JSON.parse(execution.Result)
          : undefined,
      error: execution.Error && {
        type: execution.Error.ErrorType,
        message: execution.Error.ErrorMessage,
        data: execution.Error.ErrorData,
      },
      history: Events,
      trace,
    };
  } finally {
    await runtime.close();
  }
}

/**
 * The callback id of the operation named `name` once it has started, as the official runner's
 * `waitForData(STARTED)` does: a CALLBACK of that name, or the CALLBACK inside a
 * waitForCallback context of that name. Moves the clock to the next timer while it has not.
 */
async function awaitCallbackId(
  runtime: DurableRuntime,
  clock: ManualClock,
  arn: string,
  name: string,
): Promise<string> {
  for (let i = 0; i < 100; i++) {
    await runtime.settle();
    const id = await callbackIdOf(runtime, arn, name);
    if (id) return id;
    const next = runtime.store.nextTimerDue();
    if (next === undefined) break;
    clock.set(Math.max(next, clock.now()));
  }
  throw new Error(`no callback named ${name} started`);
}

/** The callback id of `name` the moment it has started, polling in real time (up to 2 s). */
async function startedCallbackId(runtime: DurableRuntime, arn: string, name: string) {
  for (let i = 0; i < 2000; i++) {
    const id = await callbackIdOf(runtime, arn, name);
    if (id) return id;
    await realSleep(1);
  }
  throw new Error(`no callback named ${name} started`);
}

async function callbackIdOf(runtime: DurableRuntime, arn: string, name: string) {
  const { Events } = await runtime.getExecutionHistory(arn);
  const named = Events.find((e) => e.Name === name && e.EventType?.endsWith("Started"));
  const callback = named?.CallbackStartedDetails
    ? named
    : Events.find((e) => e.EventType === "CallbackStarted" && e.ParentId === named?.Id);
  return callback?.CallbackStartedDetails?.CallbackId;
}

export interface Comparable {
  status: string | undefined;
  result: unknown;
  error: Outcome["error"];
  trace: string[];
  history: string[] | Record<string, string[]>;
}

/** What the two engines are compared on, from an outcome. */
export const comparable = (o: Outcome, concurrent = false): Comparable => ({
  status: o.status,
  result: o.result,
  error: o.error,
  trace: concurrent ? [...o.trace].sort() : o.trace,
  history: concurrent ? historyPerOperation(o.history) : historyShape(o.history),
});
