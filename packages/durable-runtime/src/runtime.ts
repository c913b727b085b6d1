import { randomUUID } from "node:crypto";
import { formatExecutionArn, formatFunctionArn } from "./arn.js";
import { type Clock, type ClockTimer, SystemClock } from "./clock.js";
import {
  applyUpdate,
  MAX_PAYLOAD_BYTES,
  type UpdateEffects,
  validateUpdates,
} from "./engine/apply-update.js";
import {
  DurableExecutionInvocationInputWithClient,
  type InProcessClient,
  type InvocationOutput,
  isInvocationOutput,
  lambdaContext,
} from "./engine/invocation-input.js";
import { type ActiveExecution, type CheckpointReply, Mutation } from "./engine/mutation.js";
import { errorObject, invokeOnDemand } from "./engine/on-demand.js";
import {
  executionView,
  partitionVisible,
  summaryView,
  visibleOperations,
  withoutPayloads,
} from "./engine/state-view.js";
import { completeCallback, fireTimer } from "./engine/timer-effects.js";
import {
  DurableRuntimeError,
  executionNotFound,
  invalidCheckpointToken,
  invalidParameter,
  isStoreFailure,
} from "./errors.js";
import { defaultLogger, type LogFields, type RuntimeLogger } from "./logger.js";
import type { ExecutionStore, VisibleOperations } from "./store/execution-store.js";
import type {
  ErrorObject,
  Event,
  ExecutionRecord,
  ExecutionStatus,
  ExecutionSummary,
  GetDurableExecutionResponse,
  Operation,
  OperationUpdate,
  TimerRecord,
} from "./types.js";
import {
  checkpointSchema,
  errorObjectSchema,
  pageSchema,
  parse,
  startExecutionSchema,
  stateSchema,
} from "./validation.js";

// biome-ignore lint/suspicious/noExplicitAny: handlers take whatever event the SDK wrapper takes.
export type DurableHandler = (event: any, context: any) => Promise<any>;

export interface RegisterOptions {
  /** Execution timeout in seconds (Lambda's `durableConfig.executionTimeout`). */
  executionTimeoutSeconds?: number;
  /**
   * `false`: a standard on-demand Lambda handler, `(event, context, callback?)`, which durable
   * functions may `ctx.invoke` (the official runner's `registerFunction`); its answer or what
   * it throws is the invoke's outcome. It cannot be started as a durable execution.
   */
  durable?: boolean;
}

export interface DurableRuntimeOptions {
  store: ExecutionStore;
  clock?: Clock;
  logger?: RuntimeLogger;
  region?: string;
  accountId?: string;
  /** One handler invocation's limit in real milliseconds (Lambda's 15 minutes by default). */
  invocationTimeoutMs?: number;
  /** Invocations that throw are retried this many times, with exponential backoff, then fail. */
  maxInvocationRetries?: number;
  /** Handler invocations running at once across executions (more wait their turn); 64. */
  maxConcurrentInvocations?: number;
  /**
   * Answer each checkpoint with every operation it updated, the handler's own step and context
   * starts and results included, as the official emulator (and, by its API, the service) does.
   * Off by default: the answer then carries only what the runtime decided (a callback's id, a
   * wait's end, a retry's time) and what changed from outside, which is all the SDK acts on;
   * only its instrumentation plugins' `onOperationChange` sees the difference. The SDK's
   * handling of echoed operations costs time in proportion to the operations it holds, on every
   * answer: 1,000 sequential steps take about twice as long with it, 3,000 over three times.
   */
  echoUpdates?: boolean;
}

interface Registration {
  handler: DurableHandler;
  options: RegisterOptions;
}

const FINAL: ReadonlySet<string> = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"]);
const DEFAULT_PAGE = 1000;
/** ClientToken answers kept per running invocation (a retry comes right after its request). */
const MAX_REMEMBERED_REPLIES = 16;
/** After a store failure (disk full, read-only file): first retry, and the longest wait. */
const STORE_RETRY_FIRST_MS = 1000;
const STORE_RETRY_MAX_MS = 30_000;

/**
 * The local durable execution service: runs official-SDK handlers in-process, keeps their
 * state in an ExecutionStore, fires durable timers, takes callbacks and re-invokes handlers
 * whenever something they wait for becomes ready. Nothing is kept in memory for a suspended
 * execution: the store is the truth, and only the next timer's due time lives in RAM.
 */
export class DurableRuntime {
  readonly store: ExecutionStore;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly #logger: RuntimeLogger;
  readonly #invocationTimeoutMs: number;
  readonly #maxInvocationRetries: number;
  readonly #functions = new Map<string, Registration>();
  readonly #active = new Map<string, ActiveExecution>();
  readonly #queued = new Set<string>();
  readonly #backlog: string[] = [];
  #inflight = 0;
  readonly #maxConcurrent: number;
  readonly #running = new Set<Promise<void>>();
  readonly #waiters = new Map<string, (() => void)[]>();
  #timer: ClockTimer | undefined;
  #timerDue: number | undefined;
  /**
   * While the store refuses writes: when to try again (timers and stalled invocations wait
   * until then), the current backoff, and the executions whose invocation could not even be
   * recorded as ended. The store still marks those as due, so a restart resumes them too.
   */
  #storeRetryDue: number | undefined;
  #storeBackoffMs = 0;
  readonly #stalled = new Set<string>();
  #closed = false;
  /** Per-operation debug lines cost time per step: built only if the logger wants them. */
  readonly #debug: boolean;
  readonly #client: InProcessClient;
  readonly #effects: UpdateEffects;
  readonly #echoUpdates: boolean;

  constructor(options: DurableRuntimeOptions) {
    this.store = options.store;
    this.clock = options.clock ?? new SystemClock();
    this.region = options.region ?? "us-east-1";
    this.accountId = options.accountId ?? "000000000000";
    this.#logger = options.logger ?? defaultLogger();
    this.#debug = this.#logger.level === undefined || this.#logger.level === "debug";
    this.#invocationTimeoutMs = options.invocationTimeoutMs ?? 15 * 60_000;
    this.#maxInvocationRetries = options.maxInvocationRetries ?? 5;
    this.#maxConcurrent = options.maxConcurrentInvocations ?? 64;
    this.#echoUpdates = options.echoUpdates ?? false;
    this.#client = {
      checkpoint: (p) =>
        Array.isArray(p.Updates ?? []) && typeof p.CheckpointToken === "string"
          ? settled(() =>
              this.#checkpoint(p.DurableExecutionArn, p.CheckpointToken, p.Updates ?? []),
            )
          : this.checkpoint(p.DurableExecutionArn, p),
      getExecutionState: (p) => this.getExecutionState(p.DurableExecutionArn, p),
    };
    this.#effects = {
      finish: (m, status, out) => this.#finish(m, status, out),
      startChainedInvoke: (m, op, u) => this.#startChainedInvoke(m, op, u),
      stopChainedInvoke: (m, op) => this.#stopChainedInvoke(m, op),
    };
    // Timers that fell due while the process was down fire now.
    this.#armTimer();
  }

  /** Makes `handler` invocable by name; executions of it left unfinished by a crash resume. */
  register(functionName: string, handler: DurableHandler, options: RegisterOptions = {}): void {
    this.#functions.set(functionName, { handler, options });
    for (const arn of this.store.listExecutionsToResume(functionName)) this.#schedule(arn);
  }

  /** Whether a function is registered under this name (NAME, NAME:QUALIFIER or a function ARN). */
  hasFunction(functionName: string): boolean {
    return this.#functions.has(parseFunctionRef(functionName).functionName);
  }

  /** Whether the function registered under this name is durable (false: an on-demand one). */
  isDurableFunction(functionName: string): boolean {
    const fn = this.#functions.get(parseFunctionRef(functionName).functionName);
    return fn !== undefined && fn.options.durable !== false;
  }

  /**
   * Invokes an on-demand (non-durable) function as Lambda's `Invoke` does: its answer or its
   * error, nothing stored. `payload` is the request body as sent (JSON text, or empty).
   */
  async invokeFunction(
    functionName: string,
    payload: string,
  ): Promise<{ result: string } | { error: ErrorObject }> {
    this.#assertOpen();
    const ref = parseFunctionRef(functionName);
    const fn = this.#functions.get(ref.functionName);
    if (!fn) {
      throw new DurableRuntimeError(
        "FUNCTION_NOT_FOUND",
        "ResourceNotFoundException",
        `Function not found: ${ref.functionName}`,
      );
    }
    if (fn.options.durable !== false) {
      throw invalidParameter(`Function ${ref.functionName} is durable: start an execution`);
    }
    const qualifier = ref.qualifier ?? "$LATEST";
    const context = lambdaContext({
      requestId: randomUUID(),
      functionName: ref.functionName,
      qualifier,
      functionArn: formatFunctionArn(this.region, this.accountId, ref.functionName, qualifier),
      deadlineMs: Date.now() + this.#invocationTimeoutMs,
    });
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<InvocationOutput>((resolve) => {
      timeout = setTimeout(
        () =>
          resolve({
            Status: "FAILED",
            Error: {
              ErrorType: "Sandbox.Timedout",
              ErrorMessage: `Task timed out after ${this.#invocationTimeoutMs / 1000} seconds`,
            },
          }),
        this.#invocationTimeoutMs,
      );
      timeout.unref();
    });
    try {
      const output = await Promise.race([invokeOnDemand(fn.handler, payload, context), timedOut]);
      return output.Status === "SUCCEEDED"
        ? { result: output.Result ?? "null" }
        : { error: output.Error ?? { ErrorType: "Error" } };
    } finally {
      clearTimeout(timeout);
    }
  }

  async startExecution(req: {
    functionName: string;
    input?: unknown;
    executionName?: string;
    qualifier?: string;
  }): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    this.#assertOpen();
    const r = parse(startExecutionSchema, req, "StartExecution");
    const functionName = parseFunctionRef(r.functionName).functionName;
    const fn = this.#functions.get(functionName);
    if (!fn) {
      throw new DurableRuntimeError(
        "FUNCTION_NOT_FOUND",
        "ResourceNotFoundException",
        `Function not found: ${functionName}`,
      );
    }
    if (fn.options.durable === false) {
      throw invalidParameter(`Function ${functionName} is not a durable function`);
    }
    const inputPayload = r.input === undefined ? "{}" : JSON.stringify(r.input);
    const name = r.executionName ?? randomUUID();
    const existing = this.store.findExecutionByName(functionName, name);
    if (existing) return this.#sameOrConflict(existing, inputPayload);
    const rec = this.#newExecution({
      functionName,
      qualifier: r.qualifier ?? parseFunctionRef(r.functionName).qualifier ?? "$LATEST",
      name,
      inputPayload,
      timeoutSeconds: fn.options.executionTimeoutSeconds,
    });
    this.store.transaction(() => this.#insertExecution(rec));
    this.#log("info", "execution started", rec, {});
    this.#schedule(rec.arn);
    this.#armTimer();
    return { executionArn: rec.arn, alreadyStarted: false };
  }

  async getExecution(arn: string): Promise<GetDurableExecutionResponse> {
    return executionView(this.#record(arn), this);
  }

  async getExecutionHistory(
    arn: string,
    opts: {
      includeExecutionData?: boolean;
      marker?: string;
      maxItems?: number;
      reverseOrder?: boolean;
    } = {},
  ): Promise<{ Events: Event[]; NextMarker?: string }> {
    const p = parse(pageSchema, opts, "GetDurableExecutionHistory");
    this.#record(arn);
    const limit = p.maxItems ?? DEFAULT_PAGE;
    const after = p.marker === undefined ? undefined : Number(p.marker);
    if (after !== undefined && !Number.isInteger(after)) throw invalidParameter("Invalid Marker");
    const events = this.store.listEvents(arn, {
      afterEventId: after,
      limit: limit + 1,
      reverseOrder: opts.reverseOrder,
    });
    const page = events.slice(0, limit);
    const include = opts.includeExecutionData ?? true;
    return {
      Events: include ? page : page.map(withoutPayloads),
      NextMarker: events.length > limit ? String(page.at(-1)!.EventId) : undefined,
    };
  }

  async listExecutions(req: {
    functionName: string;
    statuses?: ExecutionStatus[];
    executionName?: string;
    startedAfter?: Date;
    startedBefore?: Date;
    marker?: string;
    maxItems?: number;
    reverseOrder?: boolean;
  }): Promise<{ DurableExecutions: ExecutionSummary[]; NextMarker?: string }> {
    const p = parse(pageSchema, req, "ListDurableExecutionsByFunction");
    if (!req.functionName) throw invalidParameter("FunctionName is required");
    const limit = p.maxItems ?? DEFAULT_PAGE;
    const rows = this.store.listExecutions({
      functionName: parseFunctionRef(req.functionName).functionName,
      statuses: req.statuses,
      executionName: req.executionName,
      startedAfterMs: req.startedAfter?.getTime(),
      startedBeforeMs: req.startedBefore?.getTime(),
      reverseOrder: req.reverseOrder,
      after: p.marker,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      DurableExecutions: page.map((rec) => summaryView(rec, this)),
      NextMarker: rows.length > limit ? page.at(-1)!.arn : undefined,
    };
  }

  async stopExecution(arn: string, error?: ErrorObject): Promise<{ StopTimestamp: Date }> {
    this.#assertOpen();
    const err = parse(errorObjectSchema, error, "StopDurableExecution.Error");
    const stopped = this.#mutate(arn, (m) => {
      if (m.rec.status !== "RUNNING") {
        throw invalidParameter(`Execution is already ${m.rec.status}: ${arn}`);
      }
      this.#finish(m, "STOPPED", { error: err });
    });
    if (!stopped) throw executionNotFound(arn);
    return { StopTimestamp: new Date(this.clock.now()) };
  }

  async sendCallbackSuccess(callbackId: string, result?: string | Uint8Array): Promise<void> {
    const text =
      result === undefined
        ? undefined
        : typeof result === "string"
          ? result
          : Buffer.from(result).toString("utf8");
    // The HTTP face answers Lambda's ValidationException before this; in-process callers
    // are held to the same limit.
    if (text !== undefined && Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
      throw invalidParameter(
        `A callback result may be at most ${MAX_PAYLOAD_BYTES} bytes, this one is ${Buffer.byteLength(text)}`,
      );
    }
    this.#completeCallback(callbackId, "SUCCEEDED", { result: text === "" ? undefined : text });
  }

  async sendCallbackFailure(callbackId: string, error?: ErrorObject): Promise<void> {
    const err = parse(errorObjectSchema, error, "SendDurableExecutionCallbackFailure.Error");
    this.#completeCallback(callbackId, "FAILED", { error: err ?? {} });
  }

  async sendCallbackHeartbeat(callbackId: string): Promise<void> {
    this.#completeCallback(callbackId, "HEARTBEAT", {});
  }

  async checkpoint(
    arn: string,
    req: { CheckpointToken: string; Updates?: OperationUpdate[]; ClientToken?: string },
  ): Promise<{
    CheckpointToken: string;
    NewExecutionState: { Operations: Operation[]; NextMarker?: string };
  }> {
    const r = parse(checkpointSchema, req, "CheckpointDurableExecution");
    if (r.ClientToken === undefined) {
      return this.#checkpoint(arn, r.CheckpointToken, (r.Updates ?? []) as OperationUpdate[]);
    }
    // Lambda's idempotency token: a retried request (its answer was lost) is answered again,
    // not applied twice. The same ClientToken with another CheckpointToken is a new request
    // reusing a token, which Lambda rejects.
    const known = this.#active.get(arn)?.replies?.get(r.ClientToken);
    if (known) {
      if (known.checkpointToken === r.CheckpointToken) return known.reply;
      throw invalidParameter(
        "ClientToken was already used with a different CheckpointToken in this invocation",
      );
    }
    const reply = this.#checkpoint(arn, r.CheckpointToken, (r.Updates ?? []) as OperationUpdate[]);
    const active = this.#active.get(arn);
    if (active) {
      active.replies ??= new Map();
      active.replies.set(r.ClientToken, { checkpointToken: r.CheckpointToken, reply });
      if (active.replies.size > MAX_REMEMBERED_REPLIES) {
        active.replies.delete(active.replies.keys().next().value!);
      }
    }
    return reply;
  }

  /** The checkpoint itself; the in-process transport calls it without re-validating shapes. */
  #checkpoint(arn: string, token: string, updates: OperationUpdate[]): CheckpointReply {
    const active = this.#activeFor(arn, token);
    // Each checkpoint consumes its token and hands out the next one: an earlier token of this
    // invocation is a replay of a request already applied (retries must carry a ClientToken).
    if (token !== active.token) {
      throw invalidCheckpointToken("the token was already used by an earlier checkpoint");
    }
    const m = new Mutation(this.store, this.clock, active.rec, active);
    m.echoAll = this.#echoUpdates;
    if (active.recUnsaved) m.touchRecord();
    this.#transaction(
      () => {
        validateUpdates(m, updates);
        for (const u of updates) applyUpdate(m, u, this.#effects);
        m.flush();
      },
      () => [active],
    );
    active.recUnsaved = false;
    for (const fn of m.afterCommit) fn();
    if (this.#debug) {
      const replay = active.invocation > 1;
      for (const u of updates) {
        this.#log("debug", "checkpoint", active.rec, {
          invocation: active.invocation,
          replay,
          operationId: u.Id,
          operationName: u.Name,
          operationType: u.Type,
          action: u.Action,
        });
      }
    }
    if (m.minTimerDue !== undefined) this.#armTimer(m.minTimerDue);
    const operations: Operation[] = [];
    if (m.echo.size || active.dirty.size) {
      for (const id of new Set([...m.echo, ...active.dirty])) {
        const op = active.ops.get(id);
        if (op) operations.push(op);
      }
      active.dirty.clear();
    }
    active.tokenSeq++;
    active.token = `${active.requestId}.${active.tokenSeq}`;
    return {
      CheckpointToken: active.token,
      NewExecutionState: { Operations: operations },
    };
  }

  async getExecutionState(
    arn: string,
    req: { CheckpointToken: string; Marker?: string; MaxItems?: number },
  ): Promise<{ Operations: Operation[]; NextMarker?: string }> {
    const r = parse(stateSchema, req, "GetDurableExecutionState");
    const active = this.#activeFor(arn, r.CheckpointToken);
    const all = visibleOperations(active.ops.values());
    const start = r.Marker === undefined ? 0 : Number(r.Marker);
    if (!Number.isInteger(start) || start < 0) throw invalidParameter("Invalid Marker");
    const limit = r.MaxItems ?? DEFAULT_PAGE;
    const end = start + limit;
    return {
      Operations: all.slice(start, end),
      NextMarker: end < all.length ? String(end) : undefined,
    };
  }

  async waitForCompletion(
    arn: string,
    opts: { timeoutMs?: number } = {},
  ): Promise<GetDurableExecutionResponse> {
    if (FINAL.has(this.#record(arn).status)) return this.getExecution(arn);
    await new Promise<void>((resolve, reject) => {
      const list = this.#waiters.get(arn) ?? [];
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      list.push(done);
      this.#waiters.set(arn, list);
      if (opts.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const rest = (this.#waiters.get(arn) ?? []).filter((w) => w !== done);
          if (rest.length) this.#waiters.set(arn, rest);
          else this.#waiters.delete(arn);
          reject(
            new DurableRuntimeError(
              "WAIT_TIMEOUT",
              "ServiceException",
              `Execution did not finish within ${opts.timeoutMs} ms: ${arn}`,
            ),
          );
        }, opts.timeoutMs);
      }
    });
    return this.getExecution(arn);
  }

  /** Resolves when nothing runs, nothing is queued and no timer is due at the clock's now. */
  async settle(): Promise<void> {
    for (;;) {
      this.#fireDueTimers();
      if (this.#running.size === 0 && this.#queued.size === 0) {
        // Waiting out a store failure: only the clock moving past the retry changes anything.
        if (this.#storeRetryDue !== undefined) return;
        const next = this.store.nextTimerDue();
        if (next === undefined || next > this.clock.now()) return;
        continue;
      }
      await Promise.allSettled([...this.#running]);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) this.clock.clearTimer(this.#timer);
    this.#timer = undefined;
    // Let running invocations reach their next checkpoint; they are rejected from now on and
    // resume from the store on the next start (their in-flight flag is persisted).
    await Promise.race([
      Promise.allSettled([...this.#running]),
      new Promise((r) => setTimeout(r, 2000).unref()),
    ]);
    this.store.close();
  }

  // ---------------------------------------------------------------- internals

  #assertOpen(): void {
    if (this.#closed) {
      throw new DurableRuntimeError("RUNTIME_CLOSED", "ServiceException", "Runtime is closed", {
        scope: "INVOCATION",
      });
    }
  }

  #record(arn: string): ExecutionRecord {
    const rec = this.#active.get(arn)?.rec ?? this.store.getExecution(arn);
    if (!rec) throw executionNotFound(arn);
    return rec;
  }

  #sameOrConflict(existing: ExecutionRecord, inputPayload: string) {
    if (existing.inputPayload === inputPayload) {
      return { executionArn: existing.arn, alreadyStarted: true };
    }
    throw new DurableRuntimeError(
      "EXECUTION_ALREADY_STARTED",
      "DurableExecutionAlreadyStartedException",
      `Execution ${existing.name} already started with a different payload`,
    );
  }

  #newExecution(p: {
    functionName: string;
    qualifier: string;
    name: string;
    inputPayload: string;
    timeoutSeconds?: number;
    parent?: ExecutionRecord["parent"];
  }): ExecutionRecord {
    const id = randomUUID();
    return {
      arn: formatExecutionArn({
        region: this.region,
        accountId: this.accountId,
        functionName: p.functionName,
        qualifier: p.qualifier,
        executionName: p.name,
        executionId: id,
      }),
      functionName: p.functionName,
      qualifier: p.qualifier,
      name: p.name,
      status: "RUNNING",
      rootOperationId: id,
      inputPayload: p.inputPayload,
      startMs: this.clock.now(),
      timeoutSeconds: p.timeoutSeconds,
      invocationCount: 0,
      failedInvocations: 0,
      wake: true,
      inFlight: false,
      updatedOperationIds: [],
      parent: p.parent,
    };
  }

  /** Writes a new execution, its EXECUTION operation, its first event and its timeout. */
  #insertExecution(rec: ExecutionRecord): void {
    this.store.insertExecution(rec);
    const m = new Mutation(this.store, this.clock, rec, undefined);
    m.put({
      Id: rec.rootOperationId,
      Type: "EXECUTION",
      Status: "STARTED",
      StartTimestamp: new Date(rec.startMs),
      ExecutionDetails: { InputPayload: rec.inputPayload },
    });
    m.event({
      EventType: "ExecutionStarted",
      Id: rec.rootOperationId,
      Name: rec.name,
      ExecutionStartedDetails: {
        Input: { Payload: rec.inputPayload },
        // Required by Lambda's model; a function registered without a timeout reports the
        // longest one Lambda allows (366 days), the nearest thing to "none".
        ExecutionTimeout: rec.timeoutSeconds ?? 31_622_400,
      },
    });
    if (rec.timeoutSeconds) {
      m.timer("EXECUTION_TIMEOUT", undefined, rec.startMs + rec.timeoutSeconds * 1000);
    }
    m.flush();
  }

  /**
   * Runs `fn` on one execution in one transaction, then its after-commit effects, wakes it if
   * something became ready, and re-arms the timer. Returns false if the execution is unknown.
   */
  #mutate(arn: string, fn: (m: Mutation) => void): boolean {
    const active = this.#active.get(arn);
    let m: Mutation | undefined;
    this.#transaction(
      () => {
        const rec = active?.rec ?? this.store.getExecution(arn);
        if (!rec) return;
        m = new Mutation(this.store, this.clock, rec, active);
        fn(m);
        m.flush();
      },
      () => [active],
    );
    if (!m) return false;
    this.#afterMutation(m);
    return true;
  }

  #afterMutation(m: Mutation): void {
    for (const fn of m.afterCommit) fn();
    if (m.wake && !m.active && m.rec.status === "RUNNING") this.#schedule(m.arn);
    if (m.minTimerDue !== undefined) this.#armTimer(m.minTimerDue);
  }

  /** Final status, plus the parent's CHAINED_INVOKE completion in the same transaction. */
  #finish(
    m: Mutation,
    status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED",
    out: { result?: string; error?: ErrorObject },
  ): void {
    if (!m.finish(status, out)) return;
    const rec = m.rec;
    if (status === "STOPPED") this.#stopRunningChildren(m);
    m.afterCommit.push(() => {
      this.#log("info", `execution ${status.toLowerCase()}`, rec, {});
      const waiters = this.#waiters.get(rec.arn);
      this.#waiters.delete(rec.arn);
      for (const w of waiters ?? []) w();
    });
    if (!rec.parent) return;
    const parentActive = this.#active.get(rec.parent.arn);
    const parentRec = parentActive?.rec ?? this.store.getExecution(rec.parent.arn);
    if (parentRec?.status !== "RUNNING") return;
    const pm = new Mutation(this.store, this.clock, parentRec, parentActive);
    const op = pm.get(rec.parent.operationId);
    if (op?.Status !== "STARTED") return;
    const ev = { Id: op.Id, Name: op.Name, ParentId: op.ParentId, SubType: op.SubType };
    pm.put({
      ...op,
      Status: status,
      EndTimestamp: pm.now(),
      ChainedInvokeDetails: { Result: out.result, Error: out.error },
    });
    const error = { Error: { Payload: out.error } };
    if (status === "SUCCEEDED") {
      pm.event({
        ...ev,
        EventType: "ChainedInvokeSucceeded",
        ChainedInvokeSucceededDetails: { Result: { Payload: out.result } },
      });
    } else if (status === "FAILED") {
      pm.event({ ...ev, EventType: "ChainedInvokeFailed", ChainedInvokeFailedDetails: error });
    } else if (status === "TIMED_OUT") {
      pm.event({ ...ev, EventType: "ChainedInvokeTimedOut", ChainedInvokeTimedOutDetails: error });
    } else {
      pm.event({ ...ev, EventType: "ChainedInvokeStopped", ChainedInvokeStoppedDetails: error });
    }
    pm.wake = true;
    pm.flush();
    m.afterCommit.push(() => this.#afterMutation(pm));
  }

  #startChainedInvoke(m: Mutation, op: Operation, u: OperationUpdate): void {
    const target = parseFunctionRef(u.ChainedInvokeOptions?.FunctionName ?? "");
    const fn = this.#functions.get(target.functionName);
    const ev = { Id: op.Id, Name: op.Name, ParentId: op.ParentId, SubType: op.SubType };
    if (!fn) {
      const error = {
        ErrorType: "ResourceNotFoundException",
        ErrorMessage: `Function not found: ${target.functionName}`,
      };
      m.event({
        ...ev,
        EventType: "ChainedInvokeStarted",
        ChainedInvokeStartedDetails: {
          FunctionName: target.functionName,
          Input: { Payload: u.Payload },
        },
      });
      m.put({
        ...op,
        Status: "FAILED",
        EndTimestamp: m.now(),
        ChainedInvokeDetails: { Error: error },
      });
      m.event({
        ...ev,
        EventType: "ChainedInvokeFailed",
        ChainedInvokeFailedDetails: { Error: { Payload: error } },
      });
      return;
    }
    // The child's name is derived from the parent, so a replayed START finds the same child.
    const child = this.#newExecution({
      functionName: target.functionName,
      qualifier: target.qualifier ?? "$LATEST",
      name: `${m.rec.rootOperationId.slice(0, 8)}-${op.Id}`.slice(0, 64),
      inputPayload: u.Payload ?? "{}",
      timeoutSeconds: fn.options.executionTimeoutSeconds,
      parent: { arn: m.arn, operationId: op.Id! },
    });
    this.#insertExecution(child);
    m.event({
      ...ev,
      EventType: "ChainedInvokeStarted",
      ChainedInvokeStartedDetails: {
        FunctionName: target.functionName,
        TenantId: u.ChainedInvokeOptions?.TenantId,
        Input: { Payload: u.Payload },
        ExecutedVersion: child.qualifier,
        DurableExecutionArn: child.arn,
      },
    });
    m.afterCommit.push(() => {
      this.#schedule(child.arn);
      this.#armTimer();
    });
  }

  #stopChainedInvoke(m: Mutation, op: Operation): void {
    const childArn = this.#childArn(m.arn, op.Id!);
    m.event({
      Id: op.Id,
      Name: op.Name,
      ParentId: op.ParentId,
      SubType: op.SubType,
      EventType: "ChainedInvokeStopped",
      ChainedInvokeStoppedDetails: { Error: {} },
    });
    if (childArn) m.afterCommit.push(() => void this.stopExecution(childArn).catch(() => {}));
  }

  /**
   * A stopped execution stops the chained invokes it is still waiting for, as the service
   * does: each running child ends STOPPED, and the parent's operation records the stop.
   */
  #stopRunningChildren(m: Mutation): void {
    const ops =
      m.active && !m.active.hiddenIds
        ? [...m.active.ops.values()]
        : this.store.listOperations(m.arn);
    for (const op of ops) {
      if (op.Type !== "CHAINED_INVOKE" || op.Status !== "STARTED") continue;
      const error: ErrorObject = {
        ErrorType: "ParentExecutionStopped",
        ErrorMessage: `The calling execution was stopped: ${m.arn}`,
      };
      m.put({
        ...op,
        Status: "STOPPED",
        EndTimestamp: m.now(),
        ChainedInvokeDetails: { Error: error },
      });
      m.event({
        Id: op.Id,
        Name: op.Name,
        ParentId: op.ParentId,
        SubType: op.SubType,
        EventType: "ChainedInvokeStopped",
        ChainedInvokeStoppedDetails: { Error: { Payload: error } },
      });
      const childArn = this.#childArn(m.arn, op.Id!);
      if (childArn) {
        m.afterCommit.push(() => void this.stopExecution(childArn, error).catch(() => {}));
      }
    }
  }

  #childArn(parentArn: string, operationId: string): string | undefined {
    const events = this.store.listEvents(parentArn, { limit: 100_000 });
    const started = events.find(
      (e) => e.EventType === "ChainedInvokeStarted" && e.Id === operationId,
    );
    return started?.ChainedInvokeStartedDetails?.DurableExecutionArn;
  }

  #completeCallback(
    callbackId: string,
    outcome: "SUCCEEDED" | "FAILED" | "HEARTBEAT",
    out: { result?: string; error?: ErrorObject },
  ): void {
    this.#assertOpen();
    // Lambda's API reference lists both errors for SendDurableExecutionCallback*: a malformed
    // id (empty, or longer than the model's 1024 characters) is InvalidParameterValueException;
    // a well-formed id that names no callback is ResourceNotFoundException ("the resource
    // specified in the request does not exist"). The official emulator answers
    // InvalidParameterValueException for both; this follows the service's documented errors.
    if (typeof callbackId !== "string" || callbackId.length === 0 || callbackId.length > 1024) {
      throw invalidParameter("CallbackId must be 1 to 1024 characters");
    }
    const cb = this.store.getCallback(callbackId);
    if (!cb) {
      throw new DurableRuntimeError(
        "CALLBACK_NOT_FOUND",
        "ResourceNotFoundException",
        `Callback not found: ${callbackId}`,
      );
    }
    let rejected: DurableRuntimeError | undefined;
    this.#mutate(cb.arn, (m) => {
      rejected = completeCallback(m, cb, outcome, out);
    });
    if (rejected) throw rejected;
  }

  #activeFor(arn: string, token: string): ActiveExecution {
    if (this.#closed) throw invalidCheckpointToken("the runtime is closing");
    const active = this.#active.get(arn);
    if (!active) {
      if (!this.store.getExecution(arn)) throw executionNotFound(arn);
      throw invalidCheckpointToken("no invocation of this execution is running");
    }
    // The current token is the common case: compared whole, no prefix string built per call.
    if (token !== active.token && !token.startsWith(`${active.requestId}.`)) {
      throw invalidCheckpointToken("the token belongs to another invocation");
    }
    if (active.storeFailure) throw active.storeFailure;
    if (active.rec.status !== "RUNNING") {
      throw invalidCheckpointToken(`the execution is ${active.rec.status}`);
    }
    return active;
  }

  // ------------------------------------------------------------ invocations

  /** Queues an invocation unless one is queued or running (then it runs again afterwards). */
  #schedule(arn: string): void {
    if (this.#closed) return;
    const active = this.#active.get(arn);
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
    while (this.#inflight < this.#maxConcurrent && this.#backlog.length > 0) {
      const arn = this.#backlog.shift()!;
      this.#inflight++;
      const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => {
          this.#queued.delete(arn);
          return this.#invoke(arn);
        })
        .catch((error: unknown) => {
          // The store refused to record the invocation (or to read it): run it again later.
          if (isStoreFailure(error)) {
            this.#storeTrouble(error, arn);
            return;
          }
          this.#log("error", "invocation bookkeeping failed", undefined, {
            executionArn: arn,
            error: String(error),
          });
        })
        .finally(() => {
          this.#running.delete(task);
          this.#inflight--;
          this.#pump();
        });
      this.#running.add(task);
    }
  }

  async #invoke(arn: string): Promise<void> {
    if (this.#closed || this.#active.has(arn)) return;
    const rec = this.store.getExecution(arn);
    if (rec?.status !== "RUNNING") return;
    const fn = this.#functions.get(rec.functionName);
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
      this.store.listVisibleOperations?.(arn) ?? { operations: this.store.listOperations(arn) };
    const ops = new Map<string, Operation>();
    for (const op of loaded.operations) ops.set(op.Id!, op);
    const requestId = randomUUID();
    const active: ActiveExecution = {
      rec,
      ops,
      nextEventId: this.store.lastEventId(arn) + 1,
      invocation: rec.invocationCount,
      requestId,
      tokenSeq: 0,
      token: `${requestId}.0`,
      hiddenIds: loaded.hiddenIds?.size ? loaded.hiddenIds : undefined,
      unmovedHiddenIds: loaded.unmoved?.length ? loaded.unmoved : undefined,
      dirty: new Set(),
      wakeAgain: false,
      startedMs: this.clock.now(),
      recUnsaved: true,
    };
    this.#active.set(arn, active);
    const fields = { invocation: active.invocation, replay: active.invocation > 1 };
    this.#log("debug", "invocation started", rec, fields);
    const event = new DurableExecutionInvocationInputWithClient(
      this.#client,
      arn,
      active.token,
      { Operations: visibleOperations(ops.values()) },
      updatedIds,
    );
    const context = lambdaContext({
      requestId: active.requestId,
      functionName: rec.functionName,
      qualifier: rec.qualifier,
      functionArn: formatFunctionArn(this.region, this.accountId, rec.functionName, rec.qualifier),
      deadlineMs: Date.now() + this.#invocationTimeoutMs,
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
            () => reject(new Error(`Invocation timed out after ${this.#invocationTimeoutMs} ms`)),
            this.#invocationTimeoutMs,
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
      this.#active.delete(arn);
    }
    this.#endInvocation(active, output, failure);
  }

  #endInvocation(
    active: ActiveExecution,
    output: InvocationOutput | undefined,
    failure: unknown,
  ): void {
    const { rec } = active;
    let wakeNow = false;
    let m: Mutation | undefined;
    this.store.transaction(() => {
      // Re-read: a stop or timeout may have finished the execution while the handler ran.
      const current = this.store.getExecution(rec.arn);
      if (!current) return;
      if (active.recUnsaved) {
        // No checkpoint wrote the record: what #invoke changed in memory is written here.
        current.invocationCount = rec.invocationCount;
        current.wake = false;
        current.updatedOperationIds = [];
      }
      // The invocation's operations are known and current (unless a write was refused), which
      // spares finding the EXECUTION operation in the log when it finishes.
      m = new Mutation(this.store, this.clock, current, undefined);
      if (!active.storeFailure) m.known = active.ops;
      const now = this.clock.now();
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
      if (current.status !== "RUNNING") return;
      if (active.storeFailure) {
        // The store refused one of this invocation's writes, so what the handler saw may not
        // be what is stored: run it again from the store, without counting it as a failure
        // (a full disk must not fail executions that have done nothing wrong).
        m.timer("INVOCATION_RETRY", undefined, now + this.#nextStoreBackoff());
      } else if (output?.Status === "SUCCEEDED") {
        current.failedInvocations = 0;
        this.#finish(m, "SUCCEEDED", { result: output.Result });
      } else if (output?.Status === "FAILED") {
        current.failedInvocations = 0;
        this.#finish(m, "FAILED", { error: output.Error });
      } else if (output?.Status === "PENDING") {
        current.failedInvocations = 0;
        if (active.wakeAgain) {
          current.wake = true;
          current.updatedOperationIds = [...active.dirty];
          wakeNow = true;
        }
      } else {
        current.failedInvocations++;
        if (current.failedInvocations > this.#maxInvocationRetries) {
          this.#finish(m, "FAILED", { error: errorObject(failure) });
        } else {
          // Exponential backoff: 1 s, 2 s, 4 s ... on the runtime's clock.
          const delayMs = 1000 * 2 ** (current.failedInvocations - 1);
          m.timer("INVOCATION_RETRY", undefined, now + delayMs);
          this.#log("warn", "invocation failed; retrying", current, {
            invocation: active.invocation,
            retryInMs: delayMs,
            error: String((failure as Error)?.message ?? failure),
          });
        }
      }
      m.flush();
      // A suspended execution is read by id when timers and callbacks reach it: fold its log,
      // setting aside what the handler can no longer see (known only if every write of this
      // invocation was taken). A finished one is only read as history: no fold.
      if (current.status === "RUNNING" && this.store.compact) {
        const hide = active.storeFailure
          ? []
          : [...partitionVisible(active.ops.values()).hiddenIds];
        this.store.compact(rec.arn, [...hide, ...(active.unmovedHiddenIds ?? [])]);
      }
    });
    if (!m) return;
    if (!active.storeFailure) this.#storeBackoffMs = 0;
    this.#afterMutation(m);
    this.#log("debug", "invocation ended", m.rec, {
      invocation: active.invocation,
      status: output?.Status ?? "THREW",
    });
    if (wakeNow) this.#schedule(rec.arn);
  }

  // ------------------------------------------------------------------ timers

  /** Keeps one clock timer armed for the earliest durable timer (the only thing in RAM). */
  #armTimer(hint?: number): void {
    if (this.#closed) return;
    if (hint !== undefined && this.#timer && this.#timerDue !== undefined && this.#timerDue <= hint)
      return;
    // After a store failure nothing fires before the retry (a due timer would fail again).
    const next = this.#storeRetryDue ?? this.store.nextTimerDue();
    if (next === undefined) return;
    if (this.#timer && this.#timerDue === next) return;
    if (this.#timer) this.clock.clearTimer(this.#timer);
    this.#timerDue = next;
    this.#timer = this.clock.setTimer(() => {
      this.#timer = undefined;
      this.#timerDue = undefined;
      this.#fireDueTimers();
    }, next - this.clock.now());
  }

  #fireDueTimers(): void {
    if (this.#closed) return;
    if (this.#storeRetryDue !== undefined) {
      if (this.clock.now() < this.#storeRetryDue) {
        this.#armTimer();
        return;
      }
      this.#storeRetryDue = undefined;
      const stalled = [...this.#stalled];
      this.#stalled.clear();
      for (const arn of stalled) this.#schedule(arn);
    }
    firing: for (;;) {
      const due = this.store.dueTimers(this.clock.now(), 256);
      if (due.length === 0) break;
      let fired: Mutation[] | undefined;
      try {
        fired = this.#fireBatch(due);
      } catch (error) {
        // The store refused the write: the timers stay, and fire when the store takes them.
        if (isStoreFailure(error)) {
          this.#storeTrouble(error);
          break;
        }
      }
      this.#storeBackoffMs = 0;
      if (fired) {
        for (const m of fired) this.#afterMutation(m);
        continue;
      }
      // One timer of the batch could not be applied: fire them one by one, and drop the bad
      // one (a timer that cannot be applied must not fire forever) without holding up the rest.
      for (const t of due) {
        try {
          this.#fireOne(t);
        } catch (error) {
          if (isStoreFailure(error)) {
            this.#storeTrouble(error);
            break firing;
          }
          try {
            this.store.transaction(() => this.store.deleteTimer(t.arn, t.key));
          } catch (dropError) {
            if (!isStoreFailure(dropError)) throw dropError;
            this.#storeTrouble(dropError);
            break firing;
          }
          this.#log("error", "timer could not be applied", undefined, {
            executionArn: t.arn,
            timer: t.key,
            error: String(error),
          });
        }
      }
    }
    this.#armTimer();
  }

  /**
   * Fires due timers in one transaction, so a burst of timers due together costs one commit,
   * not one each; their effects (waking executions, waiters) run once it has committed.
   */
  #fireBatch(due: TimerRecord[]): Mutation[] {
    const fired: Mutation[] = [];
    this.#transaction(
      () => {
        for (const t of due) {
          const m = this.#timerMutation(t);
          if (m) fired.push(m);
        }
      },
      () => fired.map((m) => m.active),
    );
    return fired;
  }

  /** Applies one due timer inside the caller's transaction; the mutation, for its effects. */
  #timerMutation(t: TimerRecord): Mutation | undefined {
    this.store.deleteTimer(t.arn, t.key);
    const active = this.#active.get(t.arn);
    const rec = active?.rec ?? this.store.getExecution(t.arn);
    if (!rec) return undefined;
    const m = new Mutation(this.store, this.clock, rec, active);
    if (rec.status === "RUNNING") {
      if (t.kind === "EXECUTION_TIMEOUT") {
        this.#finish(m, "TIMED_OUT", {
          error: { ErrorType: "ExecutionTimedOut", ErrorMessage: "Execution timed out" },
        });
      } else {
        fireTimer(m, t);
      }
    }
    m.flush();
    return m;
  }

  #fireOne(t: TimerRecord): void {
    const m = this.#transaction(
      () => this.#timerMutation(t),
      () => [this.#active.get(t.arn)],
    );
    if (m) this.#afterMutation(m);
  }

  // ------------------------------------------------------------ store failures

  /**
   * `store.transaction(fn)`; when the store refuses it, every running invocation it touched
   * (`touched`, asked only then) is abandoned before the error goes on.
   */
  #transaction<T>(fn: () => T, touched: () => Iterable<ActiveExecution | undefined>): T {
    try {
      return this.store.transaction(fn);
    } catch (error) {
      if (isStoreFailure(error))
        for (const active of touched()) if (active) this.#abandon(active, error);
      throw error;
    }
  }

  /**
   * A write of this invocation failed, so its in-memory working set (operations, record) may
   * hold changes the store never took. The invocation is given up: its next checkpoint gets
   * the store's error (the SDK ends the invocation), and it runs again from the store.
   */
  #abandon(active: ActiveExecution, error: DurableRuntimeError): void {
    active.storeFailure ??= error;
    try {
      const stored = this.store.getExecution(active.rec.arn);
      if (stored) active.rec = stored;
    } catch {
      // Unreadable too: the record is re-read when the invocation is retried.
    }
  }

  /** Backs off: timers and `arn`'s invocation (if given) are retried once the delay is over. */
  #storeTrouble(error: DurableRuntimeError, arn?: string): void {
    if (arn) this.#stalled.add(arn);
    if (this.#storeRetryDue === undefined) {
      const delayMs = this.#nextStoreBackoff();
      this.#storeRetryDue = this.clock.now() + delayMs;
      this.#log("warn", "the store refused a write; retrying", undefined, {
        code: error.code,
        error: error.message,
        retryInMs: delayMs,
        executionArn: arn,
      });
    }
    this.#armTimer();
  }

  #nextStoreBackoff(): number {
    this.#storeBackoffMs = Math.min(
      STORE_RETRY_MAX_MS,
      this.#storeBackoffMs === 0 ? STORE_RETRY_FIRST_MS : this.#storeBackoffMs * 2,
    );
    return this.#storeBackoffMs;
  }

  #log(
    level: "debug" | "info" | "warn" | "error",
    message: string,
    rec: ExecutionRecord | undefined,
    fields: LogFields,
  ): void {
    this.#logger.log(level, message, {
      executionArn: rec?.arn,
      executionName: rec?.name,
      functionName: rec?.functionName,
      ...fields,
    });
  }
}

const parseFunctionRef = (ref: string): { functionName: string; qualifier?: string } => {
  // Accepts NAME, NAME:QUALIFIER and full or partial function ARNs.
  const afterFunction = ref.includes("function:") ? ref.slice(ref.indexOf("function:") + 9) : ref;
  const [functionName = "", qualifier] = afterFunction.split(":");
  return { functionName, qualifier };
};

/** A synchronous result as a promise, without an async frame (the SDK awaits it anyway). */
const settled = <T>(fn: () => T): Promise<T> => {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
};
