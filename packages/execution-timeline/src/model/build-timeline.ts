/**
 * Folds a durable execution's history (Lambda `Event`s, oldest first) into a timeline: one
 * entry per operation with its status, timing, payloads, step attempts, wait and callback
 * deadlines and chained-invoke child, plus one band per handler invocation.
 */
import type {
  ExecutionDescription,
  HistoryEvent,
  Timestamp,
  WireErrorObject,
} from "./history-event.js";
import type {
  ExecutionTimeline,
  OperationKind,
  OperationStatus,
  StepAttempt,
  TimelineError,
  TimelineInvocation,
  TimelineOperation,
} from "./timeline.js";

/** Event type prefixes, longest first where one starts another ("ChainedInvoke" before none). */
const KINDS: [prefix: string, kind: OperationKind | "EXECUTION"][] = [
  ["ChainedInvoke", "CHAINED_INVOKE"],
  ["Execution", "EXECUTION"],
  ["Callback", "CALLBACK"],
  ["Context", "CONTEXT"],
  ["Step", "STEP"],
  ["Wait", "WAIT"],
];

const STATUS_BY_PHASE: Record<string, OperationStatus> = {
  Succeeded: "SUCCEEDED",
  Failed: "FAILED",
  TimedOut: "TIMED_OUT",
  Cancelled: "CANCELLED",
  Stopped: "STOPPED",
};

/** An ISO string for a `Date`, epoch seconds (the wire) or an ISO string. */
export function isoTime(t: Timestamp | undefined): string | undefined {
  if (t === undefined || t === null) return undefined;
  const ms = t instanceof Date ? t.getTime() : typeof t === "number" ? t * 1000 : Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function buildTimeline(
  execution: ExecutionDescription,
  events: readonly HistoryEvent[],
): ExecutionTimeline {
  const operations = new Map<string, TimelineOperation>();
  const invocations: TimelineInvocation[] = [];
  const fromHistory: Pick<ExecutionTimeline, "input" | "result" | "error"> = {};

  for (const event of events) {
    const type = event.EventType ?? "";
    if (type === "InvocationCompleted") {
      invocations.push(invocationOf(event));
      continue;
    }
    const found = KINDS.find(([prefix]) => type.startsWith(prefix));
    if (!found || !event.Id) continue;
    const [prefix, kind] = found;
    const phase = type.slice(prefix.length);
    const ended = endedDetails(event);
    if (kind === "EXECUTION") {
      const input = event.ExecutionStartedDetails?.Input?.Payload;
      if (input !== undefined) fromHistory.input = input;
      if (ended?.Result?.Payload !== undefined) fromHistory.result = ended.Result.Payload;
      const error = errorOf(ended?.Error?.Payload);
      if (error) fromHistory.error = error;
      continue;
    }
    const op = operationFor(operations, event, kind);
    const at = isoTime(event.EventTimestamp);
    if (phase === "Started") {
      started(op, event, at);
      continue;
    }
    const retry = ended?.RetryDetails;
    const error = errorOf(ended?.Error?.Payload);
    if (kind === "STEP") {
      const attempt = currentAttempt(op, retry?.CurrentAttempt, at);
      attempt.endedAt = at;
      if (error) attempt.error = error;
      // A failed attempt with a next one scheduled is a retry, not the end of the step.
      if (phase === "Failed" && retry?.NextAttemptDelaySeconds !== undefined) {
        attempt.nextAttemptDelaySeconds = retry.NextAttemptDelaySeconds;
        op.status = "RETRYING";
        if (at) {
          op.nextAttemptAt = new Date(
            Date.parse(at) + retry.NextAttemptDelaySeconds * 1000,
          ).toISOString();
        }
        if (error) op.error = error;
        continue;
      }
      delete op.nextAttemptAt;
    }
    op.status = STATUS_BY_PHASE[phase] ?? op.status;
    if (at) op.endedAt = at;
    if (ended?.Result?.Payload !== undefined) op.result = ended.Result.Payload;
    if (error) op.error = error;
    else delete op.error;
  }

  const startedAt = isoTime(execution.StartTimestamp);
  const endedAt = isoTime(execution.EndTimestamp);
  const input = execution.InputPayload ?? fromHistory.input;
  const result = execution.Result ?? fromHistory.result;
  const error = errorOf(execution.Error) ?? fromHistory.error;
  const functionName = functionOf(execution.DurableExecutionArn ?? execution.FunctionArn);
  return {
    executionArn: execution.DurableExecutionArn ?? "",
    name: execution.DurableExecutionName ?? "",
    // Spread: an ARN may yield an empty function name, which is left out.
    ...(functionName ? { functionName } : {}),
    status: execution.Status ?? "RUNNING",
    startedAt,
    endedAt,
    input,
    result,
    error,
    invocations,
    operations: [...operations.values()],
  };
}

function operationFor(
  operations: Map<string, TimelineOperation>,
  event: HistoryEvent,
  kind: OperationKind,
): TimelineOperation {
  const id = event.Id as string;
  let op = operations.get(id);
  if (!op) {
    op = { id, type: kind, status: "STARTED" };
    if (event.ParentId) op.parentId = event.ParentId;
    if (event.SubType) op.subType = event.SubType;
    if (event.Name) op.name = event.Name;
    operations.set(id, op);
  }
  return op;
}

function started(op: TimelineOperation, event: HistoryEvent, at: string | undefined): void {
  if (at) op.startedAt ??= at;
  if (op.type === "STEP") {
    op.attempts ??= [];
    const attempts = op.attempts;
    attempts.push({ attempt: attempts.length + 1, startedAt: at });
    op.status = "STARTED";
    delete op.nextAttemptAt;
  }
  const wait = event.WaitStartedDetails;
  if (wait?.Duration !== undefined) op.waitSeconds = wait.Duration;
  const due = isoTime(wait?.ScheduledEndTimestamp);
  if (due) op.scheduledEndAt = due;
  const callback = event.CallbackStartedDetails;
  if (callback?.CallbackId) op.callbackId = callback.CallbackId;
  if (callback?.Timeout) op.timeoutSeconds = callback.Timeout;
  if (callback?.HeartbeatTimeout) op.heartbeatTimeoutSeconds = callback.HeartbeatTimeout;
  const invoke = event.ChainedInvokeStartedDetails;
  if (invoke?.FunctionName) op.functionName = invoke.FunctionName;
  if (invoke?.Input?.Payload !== undefined) op.input = invoke.Input.Payload;
  if (invoke?.DurableExecutionArn) op.childExecutionArn = invoke.DurableExecutionArn;
}

/** The attempt an end event closes: the open one, or one the history did not start. */
function currentAttempt(
  op: TimelineOperation,
  number: number | undefined,
  at: string | undefined,
): StepAttempt {
  op.attempts ??= [];
  const attempts = op.attempts;
  const last = attempts.at(-1);
  if (last && last.endedAt === undefined && (number === undefined || last.attempt === number)) {
    return last;
  }
  const attempt: StepAttempt = {
    attempt: number ?? attempts.length + 1,
    startedAt: at,
  };
  attempts.push(attempt);
  return attempt;
}

function endedDetails(event: HistoryEvent) {
  return (
    event.StepSucceededDetails ??
    event.StepFailedDetails ??
    event.CallbackSucceededDetails ??
    event.CallbackFailedDetails ??
    event.CallbackTimedOutDetails ??
    event.ContextSucceededDetails ??
    event.ContextFailedDetails ??
    event.ChainedInvokeSucceededDetails ??
    event.ChainedInvokeFailedDetails ??
    event.ChainedInvokeTimedOutDetails ??
    event.ChainedInvokeStoppedDetails ??
    event.ExecutionSucceededDetails ??
    event.ExecutionFailedDetails ??
    event.ExecutionTimedOutDetails ??
    event.ExecutionStoppedDetails
  );
}

function invocationOf(event: HistoryEvent): TimelineInvocation {
  const d = event.InvocationCompletedDetails;
  const startedAt = isoTime(d?.StartTimestamp);
  const endedAt = isoTime(d?.EndTimestamp ?? event.EventTimestamp);
  const error = errorOf(d?.Error?.Payload);
  // requestId stays a spread: an empty RequestId is left out, not kept as "".
  return {
    startedAt,
    endedAt,
    ...(d?.RequestId ? { requestId: d.RequestId } : {}),
    error,
  };
}

function errorOf(payload: WireErrorObject | undefined): TimelineError | undefined {
  if (!payload) return undefined;
  // Spreads: the key count below decides whether there is an error at all.
  const error: TimelineError = {
    ...(payload.ErrorType ? { type: payload.ErrorType } : {}),
    ...(payload.ErrorMessage ? { message: payload.ErrorMessage } : {}),
    ...(payload.ErrorData ? { data: payload.ErrorData } : {}),
    ...(payload.StackTrace?.length ? { stackTrace: payload.StackTrace } : {}),
  };
  return Object.keys(error).length > 0 ? error : undefined;
}

/** `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER][/durable-execution/...]` → NAME. */
function functionOf(arn: string | undefined): string | undefined {
  return arn?.split(":")[6]?.split("/")[0];
}
