/**
 * Turns a durable execution's history (Lambda `Event`s) into what the inspector draws: one row
 * per operation with its type, name, status, start/end, attempts and timeouts. Callback ids are
 * dropped here: they are capabilities and never leave the server.
 */
import type { Event, GetDurableExecutionResponse } from "@aws-sdk/client-lambda";

export type OperationKind =
  | "EXECUTION"
  | "STEP"
  | "WAIT"
  | "CALLBACK"
  | "CONTEXT"
  | "CHAINED_INVOKE";

export interface TimelineOperation {
  id: string;
  parentId?: string;
  type: OperationKind;
  subType?: string;
  name?: string;
  status: "STARTED" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "CANCELLED" | "STOPPED" | "RETRYING";
  startedAt?: string;
  endedAt?: string;
  /** Steps: attempts made so far. */
  attempts?: number;
  /** Callbacks: timeout and heartbeat timeout; waits: the duration. */
  timeoutSeconds?: number;
  heartbeatTimeoutSeconds?: number;
  /** Waits: when the timer fires. */
  scheduledEndAt?: string;
  error?: { type?: string; message?: string };
}

export interface ExecutionTimeline {
  executionArn: string;
  name: string;
  status: string;
  startedAt?: string;
  endedAt?: string;
  /** How many times the handler was invoked (replays included). */
  invocations: number;
  operations: TimelineOperation[];
}

const KINDS: [prefix: string, kind: OperationKind][] = [
  ["ChainedInvoke", "CHAINED_INVOKE"],
  ["Execution", "EXECUTION"],
  ["Callback", "CALLBACK"],
  ["Context", "CONTEXT"],
  ["Step", "STEP"],
  ["Wait", "WAIT"],
];

const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : undefined);

export function buildTimeline(
  execution: GetDurableExecutionResponse,
  events: Event[],
): ExecutionTimeline {
  const operations = new Map<string, TimelineOperation>();
  let invocations = 0;
  for (const event of events) {
    const type = event.EventType ?? "";
    if (type === "InvocationCompleted") {
      invocations++;
      continue;
    }
    const found = KINDS.find(([prefix]) => type.startsWith(prefix));
    if (!found || !event.Id) continue;
    const [prefix, kind] = found;
    const phase = type.slice(prefix.length);
    let op = operations.get(event.Id);
    if (!op) {
      op = { id: event.Id, type: kind, status: "STARTED" };
      if (event.ParentId) op.parentId = event.ParentId;
      if (event.SubType) op.subType = event.SubType;
      if (event.Name) op.name = event.Name;
      operations.set(event.Id, op);
    }
    const at = iso(event.EventTimestamp);
    if (phase === "Started") {
      op.startedAt ??= at;
      if (kind === "STEP") op.attempts = (op.attempts ?? 0) + 1;
      const callback = event.CallbackStartedDetails;
      if (callback?.Timeout) op.timeoutSeconds = callback.Timeout;
      if (callback?.HeartbeatTimeout) op.heartbeatTimeoutSeconds = callback.HeartbeatTimeout;
      const wait = event.WaitStartedDetails;
      if (wait?.Duration !== undefined) op.timeoutSeconds = wait.Duration;
      if (wait?.ScheduledEndTimestamp) op.scheduledEndAt = iso(wait.ScheduledEndTimestamp);
      continue;
    }
    const retry = event.StepFailedDetails?.RetryDetails ?? event.StepSucceededDetails?.RetryDetails;
    if (retry?.CurrentAttempt !== undefined) {
      op.attempts = Math.max(op.attempts ?? 0, retry.CurrentAttempt);
    }
    // A failed attempt with a next attempt scheduled is a retry, not the end of the step.
    if (phase === "Failed" && kind === "STEP" && retry?.NextAttemptDelaySeconds !== undefined) {
      op.status = "RETRYING";
      op.error = errorOf(event);
      continue;
    }
    op.status = STATUS_BY_PHASE[phase] ?? op.status;
    op.endedAt = at;
    const error = errorOf(event);
    if (error) op.error = error;
    else delete op.error;
  }
  return {
    executionArn: execution.DurableExecutionArn ?? "",
    name: execution.DurableExecutionName ?? "",
    status: execution.Status ?? "RUNNING",
    ...(execution.StartTimestamp ? { startedAt: iso(execution.StartTimestamp) } : {}),
    ...(execution.EndTimestamp ? { endedAt: iso(execution.EndTimestamp) } : {}),
    invocations,
    operations: [...operations.values()],
  };
}

const STATUS_BY_PHASE: Record<string, TimelineOperation["status"]> = {
  Succeeded: "SUCCEEDED",
  Failed: "FAILED",
  TimedOut: "TIMED_OUT",
  Cancelled: "CANCELLED",
  Stopped: "STOPPED",
};

function errorOf(event: Event): TimelineOperation["error"] | undefined {
  const payload =
    event.StepFailedDetails?.Error?.Payload ??
    event.CallbackFailedDetails?.Error?.Payload ??
    event.CallbackTimedOutDetails?.Error?.Payload ??
    event.ContextFailedDetails?.Error?.Payload ??
    event.ChainedInvokeFailedDetails?.Error?.Payload ??
    event.ExecutionFailedDetails?.Error?.Payload;
  if (!payload) return undefined;
  return {
    ...(payload.ErrorType ? { type: payload.ErrorType } : {}),
    ...(payload.ErrorMessage ? { message: payload.ErrorMessage } : {}),
  };
}
