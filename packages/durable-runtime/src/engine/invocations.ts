import { randomUUID } from "node:crypto";
import { formatFunctionArn } from "../arn.js";
import { isStoreFailure } from "../errors.js";
import type { VisibleOperations } from "../store/execution-store.js";
import type { ErrorObject, Operation } from "../types.js";
import type { ExecutionLog } from "./execution-log.js";
import type { Registration } from "./functions.js";
import type { EngineHost } from "./host.js";
import {
  DurableExecutionInvocationInputWithClient,
  type InProcessClient,
  type InvocationOutput,
  isInvocationOutput,
  lambdaContext,
} from "./invocation-input.js";
import { type ActiveExecution, Mutation } from "./mutation.js";
import { errorObject, invokeOnDemand } from "./on-demand.js";
import { enterPaused, isLive } from "./pause-resume.js";
import { partitionVisible, type RuntimeIdentity, visibleOperations } from "./state-view.js";
import type { StoreTrouble } from "./store-trouble.js";

/** What the invocation loop needs from the runtime. */
export interface InvocationHost extends EngineHost {
  readonly log: ExecutionLog;
  readonly trouble: StoreTrouble;
  readonly identity: RuntimeIdentity;
  readonly functions: ReadonlyMap<string, Registration>;
  /** Running invocations by execution ARN: the loop adds each one it starts, removes it at its end. */
  readonly active: Map<string, ActiveExecution>;
  /** The transport every durable handler gets in its event. */
  readonly client: InProcessClient;
  readonly limits: {
    /** One invocation's limit in real milliseconds. */
    timeoutMs: number;
    /** Invocations that throw are retried this many times, then the execution fails. */
    maxRetries: number;
    /** Handler invocations running at once across executions. */
    maxConcurrent: number;
  };
  isClosed(): boolean;
  /** Ends an execution with the handler's outcome. */
  finish(
    m: Mutation,
    status: "SUCCEEDED" | "FAILED",
    out: { result?: string; error?: ErrorObject },
  ): void;
  /** A committed mutation's effects: after-commit work, waking its execution, re-arming. */
  afterMutation(m: Mutation): void;
  /** After an invocation's end: the results of chained invokes whose targets ended during it. */
  completeEndedChildren(m: Mutation): void;
}

/**
 * The invocation loop: queues executions that have something to do, invokes their handlers
 * (at most `maxConcurrent` at once, never two of one execution), and records each
 * invocation's end: the execution's outcome, a re-invocation, or a retry with backoff.
 */
export class Invocations {
  readonly #host: InvocationHost;
  readonly #queued = new Set<string>();
  readonly #backlog: string[] = [];
  #inflight = 0;
  readonly #running = new Set<Promise<void>>();

  constructor(host: InvocationHost) {
    this.#host = host;
  }

  /** Nothing runs and nothing is queued. */
  get idle(): boolean {
    return this.#running.size === 0 && this.#queued.size === 0;
  }

  /** The invocations running now (to wait for them). */
  running(): Promise<void>[] {
    return [...this.#running];
  }

  /** Queues an invocation unless one is queued or running (then it runs again afterwards). */
  schedule(arn: string): void {
    if (this.#host.isClosed()) return;
    const active = this.#host.active.get(arn);
    if (active) {
      active.wakeAgain = true;
      return;
    }
    if (this.#queued.has(arn)) return;
    this.#queued.add(arn);
    this.#backlog.push(arn);
    this.#pump();
  }

  /** Starts queued invocations up to the concurrency limit (a burst of due timers waits here). */
  #pump(): void {
    while (this.#inflight < this.#host.limits.maxConcurrent && this.#backlog.length > 0) {
      const arn = this.#backlog.shift()!;
      this.#inflight++;
      const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => {
          this.#queued.delete(arn);
          return this.#invoke(arn);
        })
        // The store refused to record the invocation (or to read it): run it again later.
        .catch((error: unknown) => this.#bookkeepingFailed(arn, error))
        .finally(() => {
          this.#running.delete(task);
          this.#inflight--;
          this.#pump();
        });
      this.#running.add(task);
    }
  }

  async #invoke(arn: string): Promise<void> {
    const { store, clock, identity } = this.#host;
    const timeoutMs = this.#host.limits.timeoutMs;
    if (this.#host.isClosed() || this.#host.active.has(arn)) return;
    const rec = store.getExecution(arn);
    if (rec?.status !== "RUNNING") return;
    const fn = this.#host.functions.get(rec.functionName);
    if (!fn) return; // stays marked to wake; register() resumes it
    rec.invocationCount++;
    rec.inFlight = true;
    rec.wake = false;
    const updatedIds = rec.updatedOperationIds;
    rec.updatedOperationIds = [];
    // Not written yet: the first checkpoint (or the invocation's end) writes the record in its
    // own transaction, which saves a commit per invocation. A crash before that loses nothing:
    // the stored record still says the execution is due (see recUnsaved).
    // Children of finished contexts are left out of the load when the store can (the handler
    // never sees them); a lookup of one still reaches the store (Mutation.get).
    const loaded: Partial<VisibleOperations> & Pick<VisibleOperations, "operations"> =
      store.listVisibleOperations?.(arn) ?? { operations: store.listOperations(arn) };
    const ops = new Map<string, Operation>();
    for (const op of loaded.operations) ops.set(op.Id!, op);
    const requestId = randomUUID();
    const active: ActiveExecution = {
      rec,
      ops,
      nextEventId: store.lastEventId(arn) + 1,
      invocation: rec.invocationCount,
      requestId,
      tokenSeq: 0,
      token: `${requestId}.0`,
      hiddenIds: loaded.hiddenIds?.size ? loaded.hiddenIds : undefined,
      unmovedHiddenIds: loaded.unmoved?.length ? loaded.unmoved : undefined,
      dirty: new Set(),
      wakeAgain: false,
      startedMs: clock.now(),
      recUnsaved: true,
    };
    this.#host.active.set(arn, active);
    const fields = { invocation: active.invocation, replay: active.invocation > 1 };
    this.#host.log("debug", "invocation started", rec, fields);
    const event = new DurableExecutionInvocationInputWithClient(
      this.#host.client,
      arn,
      active.token,
      { Operations: visibleOperations(ops.values()) },
      updatedIds,
    );
    const context = lambdaContext({
      requestId: active.requestId,
      functionName: rec.functionName,
      qualifier: rec.qualifier,
      functionArn: formatFunctionArn(
        identity.region,
        identity.accountId,
        rec.functionName,
        rec.qualifier,
      ),
      deadlineMs: Date.now() + timeoutMs,
    });
    let output: InvocationOutput | undefined;
    let failure: unknown;
    let timeout: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        fn.options.durable === false
          ? invokeOnDemand(fn.handler, rec.inputPayload, context)
          : fn.handler(event, context),
        new Promise((_, reject) => {
          timeout = setTimeout(
            () => reject(new Error(`Invocation timed out after ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      if (isInvocationOutput(result)) output = result;
      else {
        // Not a durable handler: retrying cannot help, so the execution fails at once.
        const error = new Error(
          `Handler of ${rec.functionName} did not return a durable invocation output; wrap it with withDurableExecution`,
        );
        error.name = "InvalidHandlerResponse";
        output = { Status: "FAILED", Error: errorObject(error) };
      }
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timeout);
      this.#host.active.delete(arn);
    }
    this.#end(active, output, failure);
  }

  /** Records an invocation's end, in one transaction, and decides what comes next. */
  #end(active: ActiveExecution, output: InvocationOutput | undefined, failure: unknown): void {
    const { store, clock, trouble } = this.#host;
    const { rec } = active;
    if (active.cutByClose) {
      // The closing runtime refused this invocation a checkpoint, so the SDK gave it up: it
      // did not fail, the runtime went away under it. Its end is left unrecorded, as a crash
      // would leave it: the store still holds the execution as due (in flight since its first
      // checkpoint, woken before that), and the next start runs it again at once. Recorded,
      // it would count as a failed invocation, drop the in-flight flag and wait for a retry
      // timer (forever, on a clock that does not move; after a few restarts, the execution
      // would fail). A step whose START the SDK had not sent yet (at-least-once steps run
      // before their START is answered) is then run again from the beginning.
      this.#host.log("debug", "invocation cut off by close; it runs again on the next start", rec, {
        invocation: active.invocation,
      });
      return;
    }
    let wakeNow = false;
    let m: Mutation | undefined;
    const write = () => {
      // Re-read: a stop or timeout may have finished the execution while the handler ran.
      const current = store.getExecution(rec.arn);
      if (!current) return;
      if (active.recUnsaved) {
        // No checkpoint wrote the record: what #invoke changed in memory is written here.
        current.invocationCount = rec.invocationCount;
        current.wake = false;
        current.updatedOperationIds = [];
      }
      // The invocation's operations are known and current (unless a write was refused), which
      // spares finding the EXECUTION operation in the log when it finishes.
      m = new Mutation(store, clock, current, undefined);
      if (!active.storeFailure) m.known = active.ops;
      const now = clock.now();
      const invocationError = failure
        ? errorObject(failure)
        : output?.Status === "FAILED"
          ? output.Error
          : undefined;
      m.event({
        EventType: "InvocationCompleted",
        InvocationCompletedDetails: {
          StartTimestamp: new Date(active.startedMs),
          EndTimestamp: new Date(now),
          RequestId: active.requestId,
          Error: invocationError ? { Payload: invocationError } : undefined,
        },
      });
      current.inFlight = false;
      m.touchRecord();
      if (!isLive(current.status)) return;
      const ended = output?.Status === "SUCCEEDED" || output?.Status === "FAILED";
      if (current.status === "PAUSED" || (current.status === "PAUSING" && !ended)) {
        // Paused during this invocation (a checkpoint refused after the pause took effect
        // ended it; what it answered after that does not count), or PAUSING and suspended:
        // PAUSED now. An invocation that did not get to suspend on its own, or that has
        // something new to see, runs again on resume.
        if (current.status === "PAUSING") enterPaused(m);
        if (output?.Status !== "PENDING" || active.wakeAgain || active.storeFailure) {
          current.wake = true;
          current.updatedOperationIds = [...active.dirty];
        }
      } else if (active.storeFailure) {
        // The store refused one of this invocation's writes, so what the handler saw may not
        // be what is stored: run it again from the store, without counting it as a failure
        // (a full disk must not fail executions that have done nothing wrong).
        m.timer("INVOCATION_RETRY", undefined, now + trouble.nextBackoff());
      } else if (output?.Status === "SUCCEEDED") {
        current.failedInvocations = 0;
        this.#host.finish(m, "SUCCEEDED", { result: output.Result });
      } else if (output?.Status === "FAILED") {
        current.failedInvocations = 0;
        this.#host.finish(m, "FAILED", { error: output.Error });
      } else if (output?.Status === "PENDING") {
        current.failedInvocations = 0;
        if (active.wakeAgain) {
          current.wake = true;
          current.updatedOperationIds = [...active.dirty];
          wakeNow = true;
        }
      } else {
        current.failedInvocations++;
        if (current.failedInvocations > this.#host.limits.maxRetries) {
          this.#host.finish(m, "FAILED", { error: errorObject(failure) });
        } else {
          // Exponential backoff: 1 s, 2 s, 4 s ... on the runtime's clock.
          const delayMs = 1000 * 2 ** (current.failedInvocations - 1);
          m.timer("INVOCATION_RETRY", undefined, now + delayMs);
          this.#host.log("warn", "invocation failed; retrying", current, {
            invocation: active.invocation,
            retryInMs: delayMs,
            error: String((failure as Error)?.message ?? failure),
          });
        }
      }
      this.#host.completeEndedChildren(m);
      m.flush();
      // A suspended execution is read by id when timers and callbacks reach it: fold its log,
      // setting aside what the handler can no longer see (known only if every write of this
      // invocation was taken). A finished one is only read as history: no fold.
      if (isLive(current.status) && store.compact) {
        const hide = active.storeFailure
          ? []
          : [...partitionVisible(active.ops.values()).hiddenIds];
        store.compact(rec.arn, [...hide, ...(active.unmovedHiddenIds ?? [])]);
      }
    };
    const committed = () => {
      if (!m) return;
      if (!active.storeFailure) trouble.recovered();
      this.#host.afterMutation(m);
      this.#host.log("debug", "invocation ended", m.rec, {
        invocation: active.invocation,
        status: output?.Status ?? "THREW",
      });
      if (wakeNow) this.schedule(rec.arn);
    };
    if (!store.defer) {
      store.transaction(write);
      committed();
      return;
    }
    // Committed with the checkpoints of this turn; a refused write throws from here (to the
    // loop's catch), a refused COMMIT reaches `done`: either way the invocation runs again.
    store.defer(write, (error) => {
      if (!error) committed();
      else this.#bookkeepingFailed(rec.arn, error);
    });
  }

  /** Recording an invocation failed: on a store failure it runs again after a backoff. */
  #bookkeepingFailed(arn: string, error: unknown): void {
    if (isStoreFailure(error)) {
      this.#host.trouble.backOff(error, arn);
      return;
    }
    this.#host.log("error", "invocation bookkeeping failed", undefined, {
      executionArn: arn,
      error: String(error),
    });
  }
}
