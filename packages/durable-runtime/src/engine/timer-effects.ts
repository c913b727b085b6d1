import { DurableRuntimeError } from "../errors.js";
import type { CallbackRecord, ErrorObject, TimerRecord } from "../types.js";
import type { Mutation } from "./mutation.js";
import { isLive } from "./pause-resume.js";

/** What a due durable timer does to its operation (execution timeouts are the runtime's). */
export function fireTimer(m: Mutation, t: TimerRecord): void {
  if (t.kind === "INVOCATION_RETRY") {
    m.wake = true;
    return;
  }
  const op = t.operationId ? m.get(t.operationId) : undefined;
  if (!op) return;
  const now = m.now();
  const ev = { Id: op.Id, Name: op.Name, ParentId: op.ParentId, SubType: op.SubType };
  switch (t.kind) {
    case "WAIT": {
      if (op.Status !== "STARTED") return;
      m.put({ ...op, Status: "SUCCEEDED", EndTimestamp: now });
      const start = op.StartTimestamp?.getTime();
      const end = op.WaitDetails?.ScheduledEndTimestamp?.getTime();
      m.event({
        ...ev,
        EventType: "WaitSucceeded",
        WaitSucceededDetails: {
          Duration:
            start !== undefined && end !== undefined ? Math.round((end - start) / 1000) : undefined,
        },
      });
      m.wake = true;
      return;
    }
    case "RETRY": {
      if (op.Status !== "PENDING") return;
      m.put({ ...op, Status: "READY" });
      m.wake = true;
      return;
    }
    case "CALLBACK_TIMEOUT":
    case "CALLBACK_HEARTBEAT": {
      if (op.Status !== "STARTED") return;
      // The service's types: a callback that outlived its timeout, or missed a heartbeat.
      const error: ErrorObject =
        t.kind === "CALLBACK_TIMEOUT"
          ? { ErrorType: "Callback.Timeout", ErrorMessage: "Callback timed out" }
          : { ErrorType: "Callback.Heartbeat", ErrorMessage: "Callback timed out on heartbeat" };
      m.clearTimer("CALLBACK_TIMEOUT", op.Id);
      m.clearTimer("CALLBACK_HEARTBEAT", op.Id);
      m.put({
        ...op,
        Status: "TIMED_OUT",
        EndTimestamp: now,
        CallbackDetails: { ...op.CallbackDetails, Error: error },
      });
      m.event({
        ...ev,
        EventType: "CallbackTimedOut",
        CallbackTimedOutDetails: { Error: { Payload: error } },
      });
      m.wake = true;
      return;
    }
  }
}

const closed = (callbackId: string) =>
  new DurableRuntimeError(
    "CALLBACK_CLOSED",
    "CallbackTimeoutException",
    `The callback has expired or was already closed: ${callbackId}`,
  );

/**
 * Completes (or heartbeats) a callback from outside. Returns the error to throw when the
 * callback is no longer open (late, repeated, or its execution has finished).
 */
export function completeCallback(
  m: Mutation,
  cb: CallbackRecord,
  outcome: "SUCCEEDED" | "FAILED" | "HEARTBEAT",
  out: { result?: string; error?: ErrorObject },
): DurableRuntimeError | undefined {
  if (!isLive(m.rec.status)) return closed(cb.callbackId);
  const op = m.get(cb.operationId);
  if (op?.Status !== "STARTED") return closed(cb.callbackId);
  const now = m.now();
  if (outcome === "HEARTBEAT") {
    if (cb.heartbeatSeconds) {
      m.timer("CALLBACK_HEARTBEAT", op.Id, now.getTime() + cb.heartbeatSeconds * 1000);
    }
    return undefined;
  }
  const ev = { Id: op.Id, Name: op.Name, ParentId: op.ParentId, SubType: op.SubType };
  m.clearTimer("CALLBACK_TIMEOUT", op.Id);
  m.clearTimer("CALLBACK_HEARTBEAT", op.Id);
  m.put({
    ...op,
    Status: outcome,
    EndTimestamp: now,
    CallbackDetails: { CallbackId: cb.callbackId, Result: out.result, Error: out.error },
  });
  if (outcome === "SUCCEEDED") {
    m.event({
      ...ev,
      EventType: "CallbackSucceeded",
      CallbackSucceededDetails: { Result: { Payload: out.result } },
    });
  } else {
    m.event({
      ...ev,
      EventType: "CallbackFailed",
      CallbackFailedDetails: { Error: { Payload: out.error } },
    });
  }
  m.wake = true;
  return undefined;
}
