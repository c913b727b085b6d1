import type { Clock } from "../clock.js";
import type { DurableRuntimeError } from "../errors.js";
import type { ExecutionStore } from "../store/execution-store.js";
import type { ErrorObject, Event, ExecutionRecord, Operation, TimerKind } from "../types.js";
import { isLive } from "./pause-resume.js";

/** What the runtime keeps in memory for an execution, only while an invocation runs. */
export interface ActiveExecution {
  rec: ExecutionRecord;
  /** The full operation list, loaded once per invocation and then kept up to date. */
  ops: Map<string, Operation>;
  nextEventId: number;
  invocation: number;
  requestId: string;
  tokenSeq: number;
  /** The token the next checkpoint must carry: `${requestId}.${tokenSeq}`. */
  token: string;
  /** Operations changed outside a checkpoint since the handler last heard from us. */
  dirty: Set<string>;
  /** Something became ready during this invocation: invoke again when it ends. */
  wakeAgain: boolean;
  startedMs: number;
  /**
   * `rec` changed when the invocation started (in flight, invocation count) and is not written
   * yet. Every execution that gets invoked is stored as due (`wake` or `inFlight`), so a crash
   * before the write re-runs the invocation just as a crash after it would.
   */
  recUnsaved?: boolean;
  /**
   * Answers to checkpoints that carried a ClientToken, by ClientToken: a retry of the same
   * request (same ClientToken and CheckpointToken) gets the same answer without being applied
   * again. Tokens live as long as the invocation; the last few are kept.
   */
  replies?: Map<string, { checkpointToken: string; reply: Promise<CheckpointReply> }>;
  /** Operations left out of `ops` (children of finished contexts): looked up in the store. */
  hiddenIds?: Set<string>;
  /** Those of `hiddenIds` the store has not set aside yet: given back to its `compact`. */
  unmovedHiddenIds?: string[];
  /** The store refused a write of this invocation: it is abandoned and re-run from the store. */
  storeFailure?: DurableRuntimeError;
  /**
   * The runtime began to close while this invocation ran and refused it a checkpoint (or a
   * state read): the invocation did not end on its own, so its end is not recorded (see
   * Invocations#end).
   */
  cutByClose?: boolean;
}

export interface CheckpointReply {
  CheckpointToken: string;
  NewExecutionState: { Operations: Operation[]; NextMarker?: string };
}

export type EventInit = Omit<Event, "EventId" | "EventTimestamp">;

/**
 * One atomic change to one execution: operations, events, timers and the record, written
 * through to the store inside the caller's transaction and mirrored into the in-memory
 * working set when an invocation is active. Side effects that must not run unless the
 * transaction commits (starting a child execution, waking waiters) go to `afterCommit`.
 */
export class Mutation {
  readonly changed = new Set<string>();
  /** Operations the checkpoint answer carries back to the handler. */
  readonly echo = new Set<string>();
  /** Echo every write, `echo: false` ones included (the runtime's `echoUpdates`). */
  echoAll = false;
  readonly afterCommit: (() => void)[] = [];
  #events: Event[] = [];
  #nextEventId: number | undefined;
  #recDirty = false;
  wake = false;
  /** Earliest timer this mutation armed, so the runtime re-arms its clock timer only if needed. */
  minTimerDue: number | undefined;

  constructor(
    readonly store: ExecutionStore,
    readonly clock: Clock,
    readonly rec: ExecutionRecord,
    readonly active: ActiveExecution | undefined,
  ) {}

  get arn(): string {
    return this.rec.arn;
  }
  now(): Date {
    return new Date(this.clock.now());
  }

  /** Operations known to be current without the store (an invocation's that just ended). */
  known: Map<string, Operation> | undefined;

  get(id: string): Operation | undefined {
    if (this.active) {
      const op = this.active.ops.get(id);
      if (op || !this.active.hiddenIds?.has(id)) return op;
      return this.store.getOperation(this.arn, id);
    }
    return this.known?.get(id) ?? this.store.getOperation(this.arn, id);
  }

  /**
   * Writes an operation. `echo: false` leaves it out of the checkpoint answer: for state the
   * handler decided itself (a step's start or result, a context's), the SDK gains nothing from
   * hearing it back, and every operation it hears back grows its local state map, which it
   * re-counts on each answer (quadratic in the number of steps).
   */
  put(op: Operation, echo = true): void {
    echo ||= this.echoAll;
    this.store.putOperation(this.arn, op);
    this.active?.ops.set(op.Id!, op);
    this.known?.set(op.Id!, op);
    this.changed.add(op.Id!);
    if (echo) this.echo.add(op.Id!);
    else this.echo.delete(op.Id!);
  }

  event(init: EventInit): void {
    if (this.#nextEventId === undefined) {
      this.#nextEventId = this.active
        ? this.active.nextEventId
        : this.store.lastEventId(this.arn) + 1;
    }
    this.#events.push({
      EventType: init.EventType,
      SubType: init.SubType,
      EventId: this.#nextEventId++,
      Id: init.Id,
      Name: init.Name,
      EventTimestamp: this.now(),
      ParentId: init.ParentId,
      ...init,
    });
  }

  timer(kind: TimerKind, operationId: string | undefined, dueMs: number): void {
    if (this.minTimerDue === undefined || dueMs < this.minTimerDue) this.minTimerDue = dueMs;
    this.store.putTimer({
      arn: this.arn,
      key: timerKey(kind, operationId),
      kind,
      operationId,
      dueMs,
    });
  }
  clearTimer(kind: TimerKind, operationId: string | undefined): void {
    this.store.deleteTimer(this.arn, timerKey(kind, operationId));
  }

  touchRecord(): void {
    this.#recDirty = true;
  }

  /** Moves the execution to a final status. Idempotent: the first final status wins. */
  finish(
    status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED",
    out: { result?: string; error?: ErrorObject },
  ) {
    if (!isLive(this.rec.status)) return false;
    const now = this.clock.now();
    this.rec.status = status;
    this.rec.endMs = now;
    this.rec.result = out.result;
    this.rec.error = out.error;
    this.rec.wake = false;
    this.rec.inFlight = false;
    this.rec.pause = undefined;
    this.#recDirty = true;
    this.store.deleteTimers(this.arn);
    const root = this.get(this.rec.rootOperationId);
    if (root) {
      this.put({ ...root, Status: status, EndTimestamp: new Date(now) });
    }
    const base = { Id: this.rec.rootOperationId, Name: this.rec.name };
    if (status === "SUCCEEDED") {
      this.event({
        ...base,
        EventType: "ExecutionSucceeded",
        ExecutionSucceededDetails: { Result: { Payload: out.result } },
      });
    } else if (status === "FAILED") {
      this.event({
        ...base,
        EventType: "ExecutionFailed",
        ExecutionFailedDetails: { Error: { Payload: out.error } },
      });
    } else if (status === "TIMED_OUT") {
      this.event({
        ...base,
        EventType: "ExecutionTimedOut",
        ExecutionTimedOutDetails: { Error: { Payload: out.error } },
      });
    } else {
      this.event({
        ...base,
        EventType: "ExecutionStopped",
        ExecutionStoppedDetails: { Error: { Payload: out.error } },
      });
    }
    return true;
  }

  /** Writes what was collected. Called once, at the end of the transaction. */
  flush(): void {
    if (this.#events.length) {
      this.store.appendEvents(this.arn, this.#events);
      if (this.active) this.active.nextEventId = this.#nextEventId!;
    }
    if (this.wake && isLive(this.rec.status)) {
      if (this.active) {
        this.active.wakeAgain = true;
        for (const id of this.changed) this.active.dirty.add(id);
      } else {
        this.rec.wake = true;
        for (const id of this.changed)
          if (!this.rec.updatedOperationIds.includes(id)) this.rec.updatedOperationIds.push(id);
        this.#recDirty = true;
      }
    }
    if (this.#recDirty) this.store.updateExecution(this.rec);
  }
}

export const timerKey = (kind: TimerKind, operationId: string | undefined): string =>
  operationId === undefined ? kind : `${kind}:${operationId}`;
