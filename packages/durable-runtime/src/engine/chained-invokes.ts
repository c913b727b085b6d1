import type { ErrorObject, Operation, OperationUpdate } from "../types.js";
import { insertExecution, newExecution } from "./execution-records.js";
import { parseFunctionRef, type Registration } from "./functions.js";
import type { EngineHost } from "./host.js";
import { type ActiveExecution, Mutation } from "./mutation.js";
import { isLive } from "./pause-resume.js";
import type { RuntimeIdentity } from "./state-view.js";

/** What chained invokes need from the runtime. */
export interface ChainedInvokeHost extends EngineHost {
  readonly identity: RuntimeIdentity;
  readonly functions: ReadonlyMap<string, Registration>;
  /** Running invocations by execution ARN (a caller may be mid-invocation). */
  readonly active: ReadonlyMap<string, ActiveExecution>;
  /** Invokes an execution (a child just started). */
  schedule(arn: string): void;
  /** Re-arms the clock timer (a child's execution timeout). */
  armTimer(): void;
  /** A committed mutation's effects: after-commit work, waking its execution, re-arming. */
  afterMutation(m: Mutation): void;
  /** StopDurableExecution, for the children of a caller that stopped or cancelled them. */
  stopExecution(arn: string, error?: ErrorObject): Promise<unknown>;
}

/** The caller's event for each way its child can end, and the member its details go in. */
const CALLER_EVENTS = {
  SUCCEEDED: ["ChainedInvokeSucceeded", "ChainedInvokeSucceededDetails"],
  FAILED: ["ChainedInvokeFailed", "ChainedInvokeFailedDetails"],
  TIMED_OUT: ["ChainedInvokeTimedOut", "ChainedInvokeTimedOutDetails"],
  STOPPED: ["ChainedInvokeStopped", "ChainedInvokeStoppedDetails"],
} as const;

/**
 * CHAINED_INVOKE: the target runs as its own execution, a child of the caller's operation;
 * the child's end completes that operation in the same transaction, and a stopped caller
 * stops the children it still waits for.
 */
export class ChainedInvokes {
  readonly #host: ChainedInvokeHost;

  constructor(host: ChainedInvokeHost) {
    this.#host = host;
  }

  /** A CHAINED_INVOKE's START: the child execution, or the operation failed if no such function. */
  start(m: Mutation, op: Operation, u: OperationUpdate): void {
    const { store, clock } = this.#host;
    const target = parseFunctionRef(u.ChainedInvokeOptions?.FunctionName ?? "");
    const fn = this.#host.functions.get(target.functionName);
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
    const child = newExecution(this.#host.identity, clock, {
      functionName: target.functionName,
      qualifier: target.qualifier ?? "$LATEST",
      name: `${m.rec.rootOperationId.slice(0, 8)}-${op.Id}`.slice(0, 64),
      inputPayload: u.Payload ?? "{}",
      timeoutSeconds: fn.options.executionTimeoutSeconds,
      parent: { arn: m.arn, operationId: op.Id! },
    });
    insertExecution(store, clock, child);
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
      this.#host.schedule(child.arn);
      this.#host.armTimer();
    });
  }

  /** A CHAINED_INVOKE's CANCEL: the operation records the stop, and the child is stopped. */
  stop(m: Mutation, op: Operation): void {
    const childArn = this.#childArn(m.arn, op.Id!);
    stoppedEvent(m, op, undefined);
    if (childArn) m.afterCommit.push(() => void this.#host.stopExecution(childArn).catch(() => {}));
  }

  /**
   * A stopped execution stops the chained invokes it is still waiting for, as the service
   * does: each running child ends STOPPED, and the parent's operation records the stop.
   */
  stopRunningChildren(m: Mutation): void {
    const ops =
      m.active && !m.active.hiddenIds
        ? [...m.active.ops.values()]
        : this.#host.store.listOperations(m.arn);
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
      stoppedEvent(m, op, error);
      const childArn = this.#childArn(m.arn, op.Id!);
      if (childArn) {
        m.afterCommit.push(() => void this.#host.stopExecution(childArn, error).catch(() => {}));
      }
    }
  }

  /**
   * A child execution reached `status` (in `m`, its own mutation): its caller's CHAINED_INVOKE
   * completes. As on the service, the result enters the caller's history only after the
   * caller's current invocation has ended: if one is running, the child is noted on the
   * caller's record in this transaction (durable, so a crash loses nothing) and the invocation
   * loop records the result after that invocation's InvocationCompleted
   * (`completeEndedChildren`). A suspended caller completes in this transaction and wakes.
   */
  completeCaller(
    m: Mutation,
    status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED",
    out: { result?: string; error?: ErrorObject },
  ): void {
    const { store, clock } = this.#host;
    const rec = m.rec;
    if (!rec.parent) return;
    const parentActive = this.#host.active.get(rec.parent.arn);
    if (parentActive) {
      const caller = parentActive.rec;
      if (!isLive(caller.status)) return;
      caller.endedChildren = [...(caller.endedChildren ?? []), rec.arn];
      store.updateExecution(caller);
      m.afterCommit.push(() => {
        parentActive.recUnsaved = false;
      });
      return;
    }
    const parentRec = store.getExecution(rec.parent.arn);
    if (!parentRec || !isLive(parentRec.status)) return;
    const pm = new Mutation(store, clock, parentRec, undefined);
    if (!completeOperation(pm, rec.parent.operationId, status, out)) return;
    pm.flush();
    m.afterCommit.push(() => this.#host.afterMutation(pm));
  }

  /**
   * In the mutation that records the end of one of the caller's invocations, after its
   * InvocationCompleted: the results of the chained invokes whose targets ended meanwhile.
   */
  completeEndedChildren(m: Mutation): void {
    const ended = m.rec.endedChildren;
    if (!ended) return;
    m.rec.endedChildren = undefined;
    m.touchRecord();
    if (!isLive(m.rec.status)) return;
    for (const childArn of ended) {
      const child = this.#host.store.getExecution(childArn);
      if (!child?.parent || !isFinal(child.status)) continue;
      completeOperation(m, child.parent.operationId, child.status, child);
    }
  }

  /** The child execution a CHAINED_INVOKE started, from the caller's history. */
  #childArn(parentArn: string, operationId: string): string | undefined {
    const events = this.#host.store.listEvents(parentArn, { limit: 100_000 });
    const started = events.find(
      (e) => e.EventType === "ChainedInvokeStarted" && e.Id === operationId,
    );
    return started?.ChainedInvokeStartedDetails?.DurableExecutionArn;
  }
}

const isFinal = (status: string | undefined): status is keyof typeof CALLER_EVENTS =>
  status !== undefined && status in CALLER_EVENTS;

/** The caller's CHAINED_INVOKE `operationId` ends as its target did; the caller wakes. */
function completeOperation(
  m: Mutation,
  operationId: string,
  status: keyof typeof CALLER_EVENTS,
  out: { result?: string; error?: ErrorObject },
): boolean {
  const op = m.get(operationId);
  if (op?.Status !== "STARTED") return false;
  m.put({
    ...op,
    Status: status,
    EndTimestamp: m.now(),
    ChainedInvokeDetails: { Result: out.result, Error: out.error },
  });
  const [EventType, details] = CALLER_EVENTS[status];
  m.event({
    Id: op.Id,
    Name: op.Name,
    ParentId: op.ParentId,
    SubType: op.SubType,
    EventType,
    [details]:
      status === "SUCCEEDED"
        ? { Result: { Payload: out.result } }
        : { Error: { Payload: out.error } },
  });
  m.wake = true;
  return true;
}

/** The caller's ChainedInvokeStopped event for `op`, with the error the child was stopped with. */
const stoppedEvent = (m: Mutation, op: Operation, error: ErrorObject | undefined): void =>
  m.event({
    Id: op.Id,
    Name: op.Name,
    ParentId: op.ParentId,
    SubType: op.SubType,
    EventType: "ChainedInvokeStopped",
    ChainedInvokeStoppedDetails: { Error: error ? { Payload: error } : {} },
  });
