import { formatFunctionArn } from "../arn.js";
import type {
  Event,
  ExecutionRecord,
  ExecutionSummary,
  GetDurableExecutionResponse,
  Operation,
} from "../types.js";
import { timeoutDueMs } from "./pause-resume.js";

const CLOSED = new Set(["SUCCEEDED", "FAILED"]);

/**
 * Whether `op` prunes its children from what the handler sees: a CONTEXT that finished
 * without asking for `ReplayChildren` (the SDK replays it from its stored result).
 */
export const hidesChildren = (op: Operation | undefined): boolean =>
  op?.Type === "CONTEXT" && CLOSED.has(op.Status ?? "") && !op.ContextDetails?.ReplayChildren;

/**
 * The operations a handler sees: children of a finished CONTEXT are pruned (the SDK replays
 * the context from its stored result) unless the context asked for `ReplayChildren`.
 * Parents precede their children in insertion order, so one pass suffices.
 */
export function visibleOperations(ops: Iterable<Operation>): Operation[] {
  return partitionVisible(ops).visible;
}

/** As visibleOperations, also naming the operations pruned. */
export function partitionVisible(ops: Iterable<Operation>): {
  visible: Operation[];
  hiddenIds: Set<string>;
} {
  const byId = new Map<string, Operation>();
  const excluded = new Set<string>();
  const out: Operation[] = [];
  for (const op of ops) {
    byId.set(op.Id!, op);
    const parentId = op.ParentId;
    if (parentId) {
      if (excluded.has(parentId) || hidesChildren(byId.get(parentId))) {
        excluded.add(op.Id!);
        continue;
      }
    }
    out.push(op);
  }
  return { visible: out, hiddenIds: excluded };
}

export interface RuntimeIdentity {
  region: string;
  accountId: string;
}

export const executionView = (
  rec: ExecutionRecord,
  id: RuntimeIdentity,
  includeData = true,
): GetDurableExecutionResponse => ({
  DurableExecutionArn: rec.arn,
  DurableExecutionName: rec.name,
  FunctionArn: formatFunctionArn(id.region, id.accountId, rec.functionName, rec.qualifier),
  InputPayload: includeData ? rec.inputPayload : undefined,
  Result: includeData ? rec.result : undefined,
  Error: rec.error,
  StartTimestamp: new Date(rec.startMs),
  Status: rec.status,
  EndTimestamp: rec.endMs === undefined ? undefined : new Date(rec.endMs),
  Version: rec.qualifier,
  ExecutionDataIncluded: includeData,
  DurableConfig: rec.timeoutSeconds ? { ExecutionTimeout: rec.timeoutSeconds } : undefined,
  PauseDetails: rec.pause
    ? {
        PauseRequestTimestamp: new Date(rec.pause.requestMs),
        Reason: includeData ? rec.pause.reason : undefined,
        ExecutionTimeoutPaused: rec.pause.timeoutPaused,
      }
    : undefined,
  ExpectedExecutionTimeoutTimestamp: dateOf(timeoutDueMs(rec)),
});

const dateOf = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export const summaryView = (rec: ExecutionRecord, id: RuntimeIdentity): ExecutionSummary => ({
  DurableExecutionArn: rec.arn,
  DurableExecutionName: rec.name,
  FunctionArn: formatFunctionArn(id.region, id.accountId, rec.functionName, rec.qualifier),
  Status: rec.status,
  StartTimestamp: new Date(rec.startMs),
  EndTimestamp: rec.endMs === undefined ? undefined : new Date(rec.endMs),
});

const PAYLOAD_DETAILS = [
  "ExecutionStartedDetails",
  "ExecutionSucceededDetails",
  "ExecutionFailedDetails",
  "ExecutionTimedOutDetails",
  "ExecutionStoppedDetails",
  "ContextSucceededDetails",
  "ContextFailedDetails",
  "StepSucceededDetails",
  "StepFailedDetails",
  "ChainedInvokeStartedDetails",
  "ChainedInvokeSucceededDetails",
  "ChainedInvokeFailedDetails",
  "ChainedInvokeTimedOutDetails",
  "ChainedInvokeStoppedDetails",
  "CallbackSucceededDetails",
  "CallbackFailedDetails",
  "CallbackTimedOutDetails",
  "InvocationCompletedDetails",
  "ExecutionPausedDetails",
  "ExecutionResumedDetails",
] as const;

/** `ev` with each payload part (an input, result or error) of its details replaced by `fn`'s. */
function mapPayloadParts(ev: Event, fn: (part: object) => object): Event {
  const copy: Record<string, unknown> = { ...ev };
  for (const key of PAYLOAD_DETAILS) {
    const details = copy[key] as Record<string, unknown> | undefined;
    if (!details) continue;
    const mapped: Record<string, unknown> = { ...details };
    for (const part of ["Input", "Result", "Error", "Reason"]) {
      if (mapped[part]) mapped[part] = fn(mapped[part] as object);
    }
    copy[key] = mapped;
  }
  return copy as Event;
}

/** IncludeExecutionData=false: events keep their shape, payloads are dropped. */
export const withoutPayloads = (ev: Event): Event => mapPayloadParts(ev, () => ({}));

/**
 * IncludeExecutionData (the default): each payload part says `Truncated: false`, as the
 * service writes it; this runtime keeps payloads whole.
 */
export const withPayloadFlags = (ev: Event): Event =>
  mapPayloadParts(ev, (part) => ({ ...part, Truncated: false }));
