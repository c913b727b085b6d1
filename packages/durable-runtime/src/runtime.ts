import { randomUUID } from "node:crypto";
import { formatFunctionArn } from "./arn.js";
import { type Clock, SystemClock } from "./clock.js";
import {
  applyUpdate,
  MAX_PAYLOAD_BYTES,
  type UpdateEffects,
  validateUpdates,
} from "./engine/apply-update.js";
import { type ChainedInvokeHost, ChainedInvokes } from "./engine/chained-invokes.js";
import { type ExecutionLog, executionLog } from "./engine/execution-log.js";
import { insertExecution, newExecution } from "./engine/execution-records.js";
import { type FireableKind, fireNow } from "./engine/fire-now.js";
import {
  type DurableHandler,
  parseFunctionRef,
  type RegisterOptions,
  type Registration,
} from "./engine/functions.js";
import {
  type InProcessClient,
  type InvocationOutput,
  lambdaContext,
} from "./engine/invocation-input.js";
import { type InvocationHost, Invocations } from "./engine/invocations.js";
import { type ActiveExecution, type CheckpointReply, Mutation } from "./engine/mutation.js";
import { invokeOnDemand } from "./engine/on-demand.js";
import {
  enterPaused,
  isFinished,
  isLive,
  type PauseRequest,
  type ResumeRequest,
  requestPause,
  requestResume,
} from "./engine/pause-resume.js";
import {
  executionView,
  summaryView,
  visibleOperations,
  withoutPayloads,
  withPayloadFlags,
} from "./engine/state-view.js";
import { StoreTrouble, type StoreTroubleHost } from "./engine/store-trouble.js";
import { completeCallback } from "./engine/timer-effects.js";
import { DurableTimers, type TimerHost } from "./engine/timers.js";
import {
  alreadyStarted,
  callbackNotFound,
  type DurableRuntimeError,
  executionConflict,
  executionNotFound,
  functionNotFound,
  invalidCheckpointToken,
  invalidParameter,
  runtimeClosed,
  waitTimedOut,
} from "./errors.js";
import { defaultLogger, type RuntimeLogger } from "./logger.js";
import type { ExecutionStore } from "./store/execution-store.js";
import type {
  CallbackRecord,
  CheckpointRequest,
  ErrorObject,
  Event,
  ExecutionRecord,
  ExecutionSummary,
  GetDurableExecutionResponse,
  HistoryRequest,
  ListExecutionsRequest,
  Operation,
  OperationUpdate,
  StartExecutionRequest,
  StateRequest,
} from "./types.js";
import {
  checkpointSchema,
  errorObjectSchema,
  pageSchema,
  parse,
  pauseSchema,
  resumeSchema,
  startExecutionSchema,
  stateSchema,
} from "./validation.js";

export type { DurableHandler, RegisterOptions } from "./engine/functions.js";

/** What the engine parts get from the runtime: one object satisfying every part's host. */
type EngineParts = TimerHost & InvocationHost & ChainedInvokeHost & StoreTroubleHost;

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
   * starts and results included, as the service (and the official emulator) does. On by
   * default. `false` answers only what the runtime decided (a callback's id, a wait's end, a
   * retry's time) and what changed from outside, which is all the SDK acts on; only its
   * instrumentation plugins' `onOperationChange` sees the difference. An SDK 2.4.0 without
   * this repository's patch (patches/) handles echoed answers in time proportional to the
   * operations it holds, so echo costs it 1.7x CPU at 1,000 sequential steps and 2.6x at
   * 3,000; patched, under 10% (bench `--only echo`).
   */
  echoUpdates?: boolean;
}

/** What the runtime has been asked since it started (`DurableRuntime.counts`). */
export interface RuntimeCounts {
  /** CheckpointDurableExecution calls, answered or refused, a ClientToken retry included. */
  checkpoints: number;
  /** Of them, calls with no update: the SDK asking for news while it waits (a poll). */
  emptyCheckpoints: number;
}

const FINAL: ReadonlySet<string> = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"]);
const DEFAULT_PAGE = 1000;
/** ClientToken answers kept per running invocation (a retry comes right after its request). */
const MAX_REMEMBERED_REPLIES = 16;

/**
 * The local durable execution service: runs official-SDK handlers in-process, keeps their
 * state in an ExecutionStore, fires durable timers, takes callbacks and re-invokes handlers
 * whenever something they wait for becomes ready. Nothing is kept in memory for a suspended
 * execution: the store is the truth, and only the next timer's due time lives in RAM.
 *
 * This class is the public face and owns the state its parts share (registered functions,
 * running invocations, completion waiters); the invocation loop, the timers, chained invokes
 * and the store-failure policy are `src/engine/invocations.ts`, `timers.ts`,
 * `chained-invokes.ts` and `store-trouble.ts`, each given what it needs through its own host
 * interface.
 */
export class DurableRuntime {
  readonly store: ExecutionStore;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly #logger: RuntimeLogger;
  readonly #log: ExecutionLog;
  readonly #invocationTimeoutMs: number;
  readonly #functions = new Map<string, Registration>();
  /** Running invocations by execution ARN, with their working sets; the invocation loop keeps it. */
  readonly #active = new Map<string, ActiveExecution>();
  readonly #waiters = new Map<string, (() => void)[]>();
  #closed = false;
  /** Per-operation debug lines cost time per step: built only if the logger wants them. */
  readonly #debug: boolean;
  readonly #effects: UpdateEffects;
  readonly #echoUpdates: boolean;
  readonly #trouble: StoreTrouble;
  readonly #timers: DurableTimers;
  readonly #invocations: Invocations;
  readonly #chained: ChainedInvokes;
  readonly #counts: RuntimeCounts = { checkpoints: 0, emptyCheckpoints: 0 };

  constructor(options: DurableRuntimeOptions) {
    this.store = options.store;
    this.clock = options.clock ?? new SystemClock();
    this.region = options.region ?? "us-east-1";
    this.accountId = options.accountId ?? "000000000000";
    this.#logger = options.logger ?? defaultLogger();
    this.#log = executionLog(this.#logger);
    this.#debug = this.#logger.level === undefined || this.#logger.level === "debug";
    this.#invocationTimeoutMs = options.invocationTimeoutMs ?? 15 * 60_000;
    this.#echoUpdates = options.echoUpdates ?? true;
    const client: InProcessClient = {
      checkpoint: (p) =>
        Array.isArray(p.Updates ?? []) && typeof p.CheckpointToken === "string"
          ? settled(() => {
              this.#countCheckpoint(p.Updates);
              return this.#checkpoint(p.DurableExecutionArn, p.CheckpointToken, p.Updates ?? []);
            })
          : this.checkpoint(p.DurableExecutionArn, p),
      getExecutionState: (p) => this.getExecutionState(p.DurableExecutionArn, p),
    };
    // One host object serves every engine part (each reads the part of it its interface names).
    const runtime = this;
    const host: EngineParts = {
      store: this.store,
      clock: this.clock,
      log: this.#log,
      identity: { region: this.region, accountId: this.accountId },
      functions: this.#functions,
      active: this.#active,
      client,
      limits: {
        timeoutMs: this.#invocationTimeoutMs,
        maxRetries: options.maxInvocationRetries ?? 5,
        maxConcurrent: options.maxConcurrentInvocations ?? 64,
      },
      get trouble() {
        return runtime.#trouble;
      },
      isClosed: () => this.#closed,
      finish: (m, status, out) => this.#finish(m, status, out),
      afterMutation: (m) => this.#afterMutation(m),
      schedule: (arn) => this.#invocations.schedule(arn),
      armTimer: () => this.#timers.arm(),
      completeEndedChildren: (m) => this.#chained.completeEndedChildren(m),
      stopExecution: (arn, error) => this.stopExecution(arn, error),
    };
    this.#trouble = new StoreTrouble(host);
    this.#timers = new DurableTimers(host);
    this.#invocations = new Invocations(host);
    this.#chained = new ChainedInvokes(host);
    this.#effects = {
      finish: (m, status, out) => this.#finish(m, status, out),
      startChainedInvoke: (m, op, u) => this.#chained.start(m, op, u),
      stopChainedInvoke: (m, op) => this.#chained.stop(m, op),
    };
    // Timers that fell due while the process was down fire now.
    this.#timers.arm();
  }

  /** Makes `handler` invocable by name; executions of it left unfinished by a crash resume. */
  register(functionName: string, handler: DurableHandler, options: RegisterOptions = {}): void {
    this.#functions.set(functionName, { handler, options });
    for (const arn of this.store.listExecutionsToResume(functionName))
      this.#invocations.schedule(arn);
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
      throw functionNotFound(ref.functionName);
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

  /** Invoke with DurableExecutionName: starts an execution, or answers the one of that name. */
  async startExecution(
    req: StartExecutionRequest,
  ): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    this.#assertOpen();
    const r = parse(startExecutionSchema, req, "StartExecution");
    const functionName = parseFunctionRef(r.functionName).functionName;
    const fn = this.#functions.get(functionName);
    if (!fn) {
      throw functionNotFound(functionName);
    }
    if (fn.options.durable === false) {
      throw invalidParameter(`Function ${functionName} is not a durable function`);
    }
    const inputPayload = r.input === undefined ? "{}" : JSON.stringify(r.input);
    const name = r.executionName ?? randomUUID();
    // One member of the turn's group commit (see #checkpoint): the name is looked up inside it,
    // so two starts of one name in one turn find each other, and the answer waits for the
    // COMMIT.
    return this.#trouble.grouped(
      () => {
        const existing = this.store.findExecutionByName(functionName, name);
        if (existing) return { existing };
        const rec = newExecution(this, this.clock, {
          functionName,
          qualifier: r.qualifier ?? parseFunctionRef(r.functionName).qualifier ?? "$LATEST",
          name,
          inputPayload,
          timeoutSeconds: fn.options.executionTimeoutSeconds,
        });
        insertExecution(this.store, this.clock, rec);
        return { rec };
      },
      () => [],
      ({ existing, rec }: { existing?: ExecutionRecord; rec?: ExecutionRecord }) => {
        if (existing) return this.#sameOrConflict(existing, inputPayload);
        this.#log("info", "execution started", rec!, {});
        this.#invocations.schedule(rec!.arn);
        this.#timers.arm();
        return { executionArn: rec!.arn, alreadyStarted: false };
      },
    );
  }

  /** GetDurableExecution. */
  async getExecution(arn: string): Promise<GetDurableExecutionResponse> {
    return executionView(this.#record(arn), this);
  }

  /** GetDurableExecutionHistory: the execution's events, oldest first unless reverseOrder. */
  async getExecutionHistory(
    arn: string,
    opts: HistoryRequest = {},
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
      Events: page.map(include ? withPayloadFlags : withoutPayloads),
      NextMarker: events.length > limit ? String(page.at(-1)!.EventId) : undefined,
    };
  }

  /** ListDurableExecutionsByFunction, chronological unless reverseOrder (the face inverts it). */
  async listExecutions(
    req: ListExecutionsRequest,
  ): Promise<{ DurableExecutions: ExecutionSummary[]; NextMarker?: string }> {
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

  /** StopDurableExecution: ends a running or paused execution and the chained invokes it waits for. */
  async stopExecution(arn: string, error?: ErrorObject): Promise<{ StopTimestamp: Date }> {
    this.#assertOpen();
    const err = parse(errorObjectSchema, error, "StopDurableExecution.Error");
    const stopped = await this.#mutate(arn, (m) => {
      if (!isLive(m.rec.status)) {
        throw invalidParameter(`Execution is already ${m.rec.status}: ${arn}`);
      }
      this.#finish(m, "STOPPED", { error: err });
    });
    if (!stopped) throw executionNotFound(arn);
    return { StopTimestamp: new Date(this.clock.now()) };
  }

  /**
   * PauseDurableExecution: no invocation while paused (a running one is PAUSING until its next
   * checkpoint or its end); waits still fall due and callbacks still complete.
   */
  async pauseExecution(arn: string, req?: PauseRequest): Promise<void> {
    this.#assertOpen();
    const r = parse(pauseSchema, req, "PauseDurableExecution") ?? {};
    if (!(await this.#mutate(arn, (m) => requestPause(m, r)))) throw executionNotFound(arn);
  }

  /** ResumeDurableExecution: invokes the execution if anything waits for it; cancels a PAUSING. */
  async resumeExecution(arn: string, req?: ResumeRequest): Promise<void> {
    this.#assertOpen();
    const r = parse(resumeSchema, req, "ResumeDurableExecution") ?? {};
    if (!(await this.#mutate(arn, (m) => requestResume(m, r)))) throw executionNotFound(arn);
  }

  /**
   * DeleteDurableExecution: a finished execution shows DELETING, then is gone with its
   * history (ResourceNotFoundException); any other is a ResourceConflictException.
   */
  async deleteExecution(arn: string): Promise<{ DeletionRequestTimestamp: Date }> {
    this.#assertOpen();
    let requested = 0;
    const found = await this.#mutate(arn, (m) => {
      const rec = m.rec;
      if (rec.status !== "DELETING") {
        if (!isFinished(rec.status)) {
          throw executionConflict(
            `Only a finished execution can be deleted; this one is ${rec.status}: ${arn}`,
          );
        }
        rec.status = "DELETING";
        rec.deletionRequestMs = this.clock.now();
        m.touchRecord();
        // The deletion itself is a durable timer due at once: the answer comes first, and
        // the execution shows DELETING until the timer has fired.
        m.timer("DELETION", undefined, rec.deletionRequestMs);
      }
      requested = rec.deletionRequestMs!;
    });
    if (!found) throw executionNotFound(arn);
    return { DeletionRequestTimestamp: new Date(requested) };
  }

  /**
   * Fires a pending wait, or a step's scheduled retry, now: its durable timer is moved to now
   * in the store and fires as if its time had come. Refuses anything else
   * (`InvalidParameterValueException`, code NOT_FIREABLE). Not a Lambda API: the console's.
   */
  async fireNow(arn: string, operationId: string): Promise<{ fired: FireableKind }> {
    this.#assertOpen();
    let fired: FireableKind = "WAIT";
    const found = await this.#mutate(arn, (m) => {
      fired = fireNow(m, operationId);
    });
    if (!found) throw executionNotFound(arn);
    return { fired };
  }

  /**
   * CheckpointDurableExecution calls since this runtime started, from handlers in this process
   * and over HTTP alike: what a team counts to know what its executions cost in calls (the
   * console's `GET /console/api/counts` answers it).
   */
  get counts(): Readonly<RuntimeCounts> {
    return { ...this.#counts };
  }

  #countCheckpoint(updates: readonly unknown[] | undefined): void {
    this.#counts.checkpoints++;
    if (!updates?.length) this.#counts.emptyCheckpoints++;
  }

  /** The registered functions: durable ones, and on-demand ones (`durable: false`). */
  listFunctions(): { name: string; durable: boolean }[] {
    return [...this.#functions].map(([name, fn]) => ({
      name,
      durable: fn.options.durable !== false,
    }));
  }

  /** SendDurableExecutionCallbackSuccess: `result` is the raw payload (at most 256 KiB). */
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
    await this.#completeCallback(callbackId, "SUCCEEDED", {
      result: text === "" ? undefined : text,
    });
  }

  /** SendDurableExecutionCallbackFailure. */
  async sendCallbackFailure(callbackId: string, error?: ErrorObject): Promise<void> {
    const err = parse(errorObjectSchema, error, "SendDurableExecutionCallbackFailure.Error");
    await this.#completeCallback(callbackId, "FAILED", { error: err ?? {} });
  }

  /** SendDurableExecutionCallbackHeartbeat: re-arms the callback's heartbeat timeout. */
  async sendCallbackHeartbeat(callbackId: string): Promise<void> {
    await this.#completeCallback(callbackId, "HEARTBEAT", {});
  }

  /** CheckpointDurableExecution, with ClientToken idempotency (for handlers in other processes). */
  async checkpoint(
    arn: string,
    req: CheckpointRequest,
  ): Promise<{
    CheckpointToken: string;
    NewExecutionState: { Operations: Operation[]; NextMarker?: string };
  }> {
    this.#countCheckpoint(Array.isArray(req?.Updates) ? req.Updates : undefined);
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

  /**
   * The checkpoint itself; the in-process transport calls it without re-validating shapes. It
   * is applied at once (in memory and in the store's open transaction) and answered once it is
   * durable: the store commits the checkpoints of one event-loop turn together (`defer`), so
   * under load one COMMIT serves many executions' checkpoints. Nothing is answered, and no
   * effect of it (a chained invoke's start, a waiter woken) happens, before that COMMIT.
   */
  #checkpoint(arn: string, token: string, updates: OperationUpdate[]): Promise<CheckpointReply> {
    const active = this.#activeFor(arn, token);
    // Each checkpoint consumes its token and hands out the next one: an earlier token of this
    // invocation is a replay of a request already applied (retries must carry a ClientToken).
    if (token !== active.token) {
      throw invalidCheckpointToken("the token was already used by an earlier checkpoint");
    }
    const m = new Mutation(this.store, this.clock, active.rec, active);
    m.echoAll = this.#echoUpdates;
    if (active.recUnsaved) m.touchRecord();
    return this.#trouble.grouped(
      () => {
        validateUpdates(m, updates);
        for (const u of updates) applyUpdate(m, u, this.#effects);
        // A pause asked during this invocation takes effect at this checkpoint.
        if (active.rec.status === "PAUSING") enterPaused(m);
        m.flush();
        if (active.rec.status === "PAUSED") return undefined;
        // The answer is made now, with the operations as this checkpoint left them, and the
        // token moves on now (a request repeating this one's token is refused from here on).
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
      },
      () => [active],
      (reply: CheckpointReply | undefined) => {
        active.recUnsaved = false;
        for (const fn of m.afterCommit) fn();
        if (m.minTimerDue !== undefined) this.#timers.arm(m.minTimerDue);
        // Applied and kept; the invocation ends here and the execution resumes from the store.
        if (!reply) throw invalidCheckpointToken("the execution was paused");
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
        return reply;
      },
    );
  }

  /** GetDurableExecutionState: the running invocation's operations, paged. */
  async getExecutionState(
    arn: string,
    req: StateRequest,
  ): Promise<{ Operations: Operation[]; NextMarker?: string }> {
    const r = parse(stateSchema, req, "GetDurableExecutionState");
    this.store.commitPending?.(); // answered from memory (see #record)
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

  /** Polling GetDurableExecution until the execution finishes (no Lambda operation of its own). */
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
          reject(waitTimedOut(arn, opts.timeoutMs!));
        }, opts.timeoutMs);
      }
    });
    return this.getExecution(arn);
  }

  /** Resolves when nothing runs, nothing is queued and no timer is due at the clock's now. */
  async settle(): Promise<void> {
    for (;;) {
      this.#timers.fireDue();
      if (this.#invocations.idle) {
        // Waiting out a store failure: only the clock moving past the retry changes anything.
        if (this.#trouble.retryDue !== undefined) return;
        const next = this.store.nextTimerDue();
        if (next === undefined || next > this.clock.now()) return;
        continue;
      }
      await Promise.allSettled(this.#invocations.running());
    }
  }

  /** Stops timers and new work; running invocations resume from the store on the next start. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#timers.disarm();
    // Let running invocations reach their next checkpoint; they are rejected from now on and
    // resume from the store on the next start (their in-flight flag is persisted).
    await Promise.race([
      Promise.allSettled(this.#invocations.running()),
      new Promise((r) => setTimeout(r, 2000).unref()),
    ]);
    // Invocations still running end after the store is closed: each is left as one cut off
    // (its end unrecorded, run again on the next start), not written to a closed store.
    for (const active of this.#active.values()) active.cutByClose = true;
    this.store.close();
  }

  // ---------------------------------------------------------------- internals

  #assertOpen(): void {
    if (this.#closed) {
      throw runtimeClosed();
    }
  }

  #record(arn: string): ExecutionRecord {
    // A running execution is answered from memory, which may hold checkpoints not yet
    // committed (`defer`): nothing is told before it is durable.
    this.store.commitPending?.();
    const rec = this.#active.get(arn)?.rec ?? this.store.getExecution(arn);
    if (!rec) throw executionNotFound(arn);
    return rec;
  }

  #sameOrConflict(existing: ExecutionRecord, inputPayload: string) {
    if (existing.inputPayload === inputPayload) {
      return { executionArn: existing.arn, alreadyStarted: true };
    }
    throw alreadyStarted(existing.name);
  }

  /**
   * Runs `fn` on one execution in one transaction (committed with the others of this turn, as
   * checkpoints are), then, once that is durable, its after-commit effects, wakes it if
   * something became ready, and re-arms the timer. Resolves false if the execution is unknown.
   * `target`: the execution's ARN, or a lookup that finds it inside the transaction.
   */
  #mutate(
    target: string | (() => string | undefined),
    fn: (m: Mutation) => void,
  ): Promise<boolean> {
    let active: ActiveExecution | undefined;
    return this.#trouble.grouped(
      () => {
        // Looked up inside the member: a lookup outside would commit the open group early.
        const arn = typeof target === "string" ? target : target();
        if (arn === undefined) return undefined;
        active = this.#active.get(arn);
        const rec = active?.rec ?? this.store.getExecution(arn);
        if (!rec) return undefined;
        const m = new Mutation(this.store, this.clock, rec, active);
        fn(m);
        m.flush();
        return m;
      },
      () => [active],
      (m) => {
        if (!m) return false;
        this.#afterMutation(m);
        return true;
      },
    );
  }

  #afterMutation(m: Mutation): void {
    for (const fn of m.afterCommit) fn();
    if (m.wake && !m.active && m.rec.status === "RUNNING") this.#invocations.schedule(m.arn);
    if (m.minTimerDue !== undefined) this.#timers.arm(m.minTimerDue);
  }

  /** Final status, plus the parent's CHAINED_INVOKE completion in the same transaction. */
  #finish(
    m: Mutation,
    status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED",
    out: { result?: string; error?: ErrorObject },
  ): void {
    if (!m.finish(status, out)) return;
    const rec = m.rec;
    if (status === "STOPPED") this.#chained.stopRunningChildren(m);
    m.afterCommit.push(() => {
      this.#log("info", `execution ${status.toLowerCase()}`, rec, {});
      const waiters = this.#waiters.get(rec.arn);
      this.#waiters.delete(rec.arn);
      for (const w of waiters ?? []) w();
    });
    this.#chained.completeCaller(m, status, out);
  }

  async #completeCallback(
    callbackId: string,
    outcome: "SUCCEEDED" | "FAILED" | "HEARTBEAT",
    out: { result?: string; error?: ErrorObject },
  ): Promise<void> {
    this.#assertOpen();
    // Lambda's API reference lists both errors for SendDurableExecutionCallback*: a malformed
    // id (empty, or longer than the model's 1024 characters) is InvalidParameterValueException;
    // a well-formed id that names no callback is ResourceNotFoundException ("the resource
    // specified in the request does not exist"). The official emulator answers
    // InvalidParameterValueException for both; this follows the service's documented errors.
    if (typeof callbackId !== "string" || callbackId.length === 0 || callbackId.length > 1024) {
      throw invalidParameter("CallbackId must be 1 to 1024 characters");
    }
    let cb: CallbackRecord | undefined;
    let rejected: DurableRuntimeError | undefined;
    await this.#mutate(
      () => {
        cb = this.store.getCallback(callbackId);
        return cb?.arn;
      },
      (m) => {
        rejected = completeCallback(m, cb!, outcome, out);
      },
    );
    if (!cb) throw callbackNotFound(callbackId);
    if (rejected) throw rejected;
  }

  #activeFor(arn: string, token: string): ActiveExecution {
    const active = this.#active.get(arn);
    if (this.#closed) {
      // Refused to the running invocation itself (not to a stale one): it is cut off.
      if (active && token.startsWith(`${active.requestId}.`)) active.cutByClose = true;
      throw invalidCheckpointToken("the runtime is closing");
    }
    if (!active) {
      if (!this.store.getExecution(arn)) throw executionNotFound(arn);
      throw invalidCheckpointToken("no invocation of this execution is running");
    }
    // The current token is the common case: compared whole, no prefix string built per call.
    if (token !== active.token && !token.startsWith(`${active.requestId}.`)) {
      throw invalidCheckpointToken("the token belongs to another invocation");
    }
    if (active.storeFailure) throw active.storeFailure;
    if (active.rec.status !== "RUNNING" && active.rec.status !== "PAUSING") {
      throw invalidCheckpointToken(`the execution is ${active.rec.status}`);
    }
    return active;
  }
}

/** A synchronous result as a promise, without an async frame (the SDK awaits it anyway). */
const settled = <T>(fn: () => T): Promise<T> => {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
};
