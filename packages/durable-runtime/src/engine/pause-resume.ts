import { executionConflict, invalidParameter } from "../errors.js";
import { MAX_DURATION_MS } from "../lambda-limits.js";
import type { ExecutionRecord, ExecutionStatus, PauseRequest, ResumeRequest } from "../types.js";
import type { Mutation } from "./mutation.js";

/**
 * PauseDurableExecution and ResumeDurableExecution, as the service documents them: a pause
 * of an execution whose invocation is running makes it PAUSING until that invocation's next
 * checkpoint (or its end), then PAUSED; a paused execution is not invoked, but its waits fall
 * due and its callbacks can complete; resuming re-invokes it if the pause interrupted an
 * invocation or something became ready meanwhile, and resuming a PAUSING one cancels the
 * pause. By default the execution timeout is paused too: it moves out by the time spent
 * paused, and while paused it is 366 days after the start.
 */

/** Statuses of an execution that has not finished. */
const LIVE: ReadonlySet<string> = new Set(["RUNNING", "PAUSING", "PAUSED"]);
export const isLive = (status: ExecutionStatus | undefined): boolean => LIVE.has(status ?? "");

/** Statuses DeleteDurableExecution accepts. */
const FINISHED: ReadonlySet<string> = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"]);
export const isFinished = (status: ExecutionStatus | undefined): boolean =>
  FINISHED.has(status ?? "");

/** Lambda's longest execution, which a paused timeout still cannot pass. */
export const MAX_EXECUTION_MS = MAX_DURATION_MS;
/** How long a ClientToken is remembered (the API reference's 15 minutes). */
const CLIENT_TOKEN_MS = 15 * 60_000;

export type { PauseRequest, ResumeRequest };

/**
 * A pause request, in `m`'s transaction. Returns false for a repeat of an earlier request
 * (same ClientToken and parameters within 15 minutes), which changes nothing.
 */
export function requestPause(m: Mutation, req: PauseRequest): boolean {
  const rec = m.rec;
  if (repeated(m, "pause", req)) return false;
  if (rec.status !== "RUNNING") {
    throw executionConflict(`Cannot pause an execution that is ${rec.status}: ${rec.arn}`);
  }
  rec.pause = {
    requestMs: m.clock.now(),
    reason: req.reason,
    timeoutPaused: req.executionTimeoutPaused ?? true,
  };
  m.touchRecord();
  if (m.active) rec.status = "PAUSING";
  else enterPaused(m);
  return true;
}

/** PAUSING becomes PAUSED: the history records the pause; the timeout stops if it was asked. */
export function enterPaused(m: Mutation): void {
  const rec = m.rec;
  const pause = rec.pause!;
  rec.status = "PAUSED";
  m.touchRecord();
  m.event({
    EventType: "ExecutionPaused",
    Id: rec.rootOperationId,
    Name: rec.name,
    ExecutionPausedDetails: {
      PauseRequestTimestamp: new Date(pause.requestMs),
      Reason: pause.reason === undefined ? undefined : { Payload: pause.reason },
      ExecutionTimeoutPaused: pause.timeoutPaused,
    },
  });
  if (pause.timeoutPaused && rec.timeoutSeconds) {
    m.timer("EXECUTION_TIMEOUT", undefined, rec.startMs + MAX_EXECUTION_MS);
  }
}

/**
 * A resume request, in `m`'s transaction: PAUSING goes back to RUNNING (the invocation goes
 * on); PAUSED resumes, and is invoked if an invocation was interrupted or something became
 * ready while it was paused. Returns false for a repeated request.
 */
export function requestResume(m: Mutation, req: ResumeRequest): boolean {
  const rec = m.rec;
  if (repeated(m, "resume", req)) return false;
  if (rec.status === "PAUSING") {
    rec.status = "RUNNING";
    rec.pause = undefined;
    m.touchRecord();
    return true;
  }
  if (rec.status !== "PAUSED") {
    throw executionConflict(`Cannot resume an execution that is ${rec.status}: ${rec.arn}`);
  }
  const now = m.clock.now();
  const pause = rec.pause!;
  rec.status = "RUNNING";
  rec.pause = undefined;
  m.touchRecord();
  if (pause.timeoutPaused && rec.timeoutSeconds) {
    rec.pausedMs = (rec.pausedMs ?? 0) + (now - pause.requestMs);
    m.timer("EXECUTION_TIMEOUT", undefined, timeoutDueMs(rec)!);
  }
  m.event({
    EventType: "ExecutionResumed",
    Id: rec.rootOperationId,
    Name: rec.name,
    ExecutionResumedDetails: {
      ResumeRequestTimestamp: new Date(now),
      Reason: req.reason === undefined ? undefined : { Payload: req.reason },
    },
  });
  // Whatever fell due or completed while paused (or the interrupted invocation) runs now.
  if (rec.wake) m.wake = true;
  return true;
}

/**
 * When the execution times out, counting time paused with the timeout paused (undefined:
 * no timeout, or the execution has finished). While so paused: 366 days after the start.
 */
export function timeoutDueMs(rec: ExecutionRecord): number | undefined {
  if (!rec.timeoutSeconds || !isLive(rec.status)) return undefined;
  const cap = rec.startMs + MAX_EXECUTION_MS;
  if (rec.status === "PAUSED" && rec.pause?.timeoutPaused) return cap;
  return Math.min(cap, rec.startMs + rec.timeoutSeconds * 1000 + (rec.pausedMs ?? 0));
}

/**
 * ClientToken idempotency: the same token with the same request within 15 minutes is a
 * repeat (answered with success, nothing done again); the same token with another request is
 * refused. A new token is remembered.
 */
function repeated(m: Mutation, kind: "pause" | "resume", req: PauseRequest): boolean {
  const token = req.clientToken;
  if (token === undefined) return false;
  const now = m.clock.now();
  const rec = m.rec;
  const request = JSON.stringify([kind, req.reason ?? null, req.executionTimeoutPaused ?? null]);
  const kept = (rec.clientTokens ?? []).filter((t) => now - t.atMs < CLIENT_TOKEN_MS);
  const earlier = kept.find((t) => t.token === token);
  if (earlier) {
    if (earlier.request === request) return true;
    throw invalidParameter("ClientToken was already used with different parameters");
  }
  rec.clientTokens = [...kept, { token, request, atMs: now }];
  m.touchRecord();
  return false;
}
