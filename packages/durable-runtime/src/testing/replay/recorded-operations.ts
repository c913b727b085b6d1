/**
 * A recorded history (Lambda `Event`s) folded back into the `Operation`s the service would hand
 * a replaying handler, each with its position: the official SDK's own step id ("3", "2-1" for
 * the first child of the second operation), of which an operation's `Id` is the MD5 prefix.
 */
import { createHash } from "node:crypto";
import type { ErrorObject, Event, Operation } from "@aws-sdk/client-lambda";

export interface RecordedOperation {
  operation: Operation;
  /** The SDK's step id: the operation's position in its parent, dash-joined from the top. */
  position: string | undefined;
}

/** The SDK's operation id for a step id (its `hashId`: MD5, 16 hex digits). */
export const operationIdOf = (position: string) =>
  createHash("md5").update(position).digest("hex").slice(0, 16);

const STATUS: Record<string, Operation["Status"]> = {
  Started: "STARTED",
  Succeeded: "SUCCEEDED",
  Failed: "FAILED",
  TimedOut: "TIMED_OUT",
  Cancelled: "CANCELLED",
  Stopped: "STOPPED",
};
const TYPES: [prefix: string, type: NonNullable<Operation["Type"]>][] = [
  ["ChainedInvoke", "CHAINED_INVOKE"],
  ["Execution", "EXECUTION"],
  ["Callback", "CALLBACK"],
  ["Context", "CONTEXT"],
  ["Step", "STEP"],
  ["Wait", "WAIT"],
];

interface Details {
  Result?: { Payload?: string };
  Error?: { Payload?: ErrorObject };
  RetryDetails?: { CurrentAttempt?: number; NextAttemptDelaySeconds?: number };
}

const date = (t: unknown) => (t === undefined ? undefined : new Date(t as string | number | Date));

/** The operations of a history in the order they first appear, the execution's first. */
export function recordedOperations(events: readonly Event[]): RecordedOperation[] {
  const ops = new Map<string, Operation>();
  for (const event of events) {
    const type = event.EventType ?? "";
    const found = TYPES.find(([prefix]) => type.startsWith(prefix));
    if (!found || !event.Id) continue;
    const [prefix, opType] = found;
    const phase = type.slice(prefix.length);
    const at = date(event.EventTimestamp);
    let op = ops.get(event.Id);
    if (!op) {
      op = { Id: event.Id, Type: opType, Status: "STARTED", StartTimestamp: at };
      if (event.ParentId) op.ParentId = event.ParentId;
      if (event.Name) op.Name = event.Name;
      if (event.SubType) op.SubType = event.SubType;
      ops.set(event.Id, op);
    }
    const details = ((event as Record<string, unknown>)[`${type}Details`] ?? {}) as Details;
    if (opType === "EXECUTION") {
      const input = event.ExecutionStartedDetails?.Input?.Payload;
      if (phase === "Started") op.ExecutionDetails = { InputPayload: input };
      continue;
    }
    if (phase === "Started") {
      if (opType === "STEP") {
        op.Status = "STARTED";
        op.StepDetails = { ...op.StepDetails, Attempt: op.StepDetails?.Attempt ?? 0 };
      }
      if (opType === "WAIT") {
        op.WaitDetails = {
          ScheduledEndTimestamp: date(event.WaitStartedDetails?.ScheduledEndTimestamp),
        };
      }
      if (opType === "CALLBACK") {
        op.CallbackDetails = { CallbackId: event.CallbackStartedDetails?.CallbackId };
      }
      continue;
    }
    const retry = details.RetryDetails;
    const result = details.Result?.Payload;
    const error = details.Error?.Payload;
    if (opType === "STEP") {
      op.StepDetails = {
        ...op.StepDetails,
        Attempt: retry?.CurrentAttempt ?? op.StepDetails?.Attempt,
        // Spreads: a plain undefined key would wipe the Result/Error spread in above.
        ...(result !== undefined ? { Result: result } : {}),
        ...(error ? { Error: error } : {}),
      };
      if (phase === "Failed" && retry?.NextAttemptDelaySeconds !== undefined && at) {
        op.Status = "PENDING";
        op.StepDetails.NextAttemptTimestamp = new Date(
          at.getTime() + retry.NextAttemptDelaySeconds * 1000,
        );
        continue;
      }
    } else if (opType === "CALLBACK") {
      op.CallbackDetails = { ...op.CallbackDetails, Result: result, Error: error };
    } else if (opType === "CONTEXT") {
      op.ContextDetails = { Result: result, Error: error };
    } else if (opType === "CHAINED_INVOKE") {
      op.ChainedInvokeDetails = { Result: result, Error: error };
    }
    op.Status = STATUS[phase] ?? op.Status;
    op.EndTimestamp = at;
  }
  return withPositions([...ops.values()]);
}

/** Finds each operation's step id by hashing the candidates its parent's position allows. */
function withPositions(ops: Operation[]): RecordedOperation[] {
  const positionOf = new Map<string, string>();
  const childrenOf = new Map<string | undefined, Operation[]>();
  for (const op of ops) {
    if (op.Type === "EXECUTION") continue;
    const parent = op.ParentId;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), op]);
  }
  const place = (parentId: string | undefined, prefix: string) => {
    const children = childrenOf.get(parentId) ?? [];
    const byId = new Map<string, string>();
    // Children may be missing from a history (a context's unfinished branches): try further.
    for (let n = 1; n <= children.length * 2 + 8; n++) {
      const position = `${prefix}${n}`;
      byId.set(operationIdOf(position), position);
    }
    for (const child of children) {
      const position = byId.get(child.Id ?? "");
      if (position === undefined) continue;
      positionOf.set(child.Id ?? "", position);
      place(child.Id, `${position}-`);
    }
  };
  place(undefined, "");
  return ops.map((operation) => ({ operation, position: positionOf.get(operation.Id ?? "") }));
}
