import { randomBytes } from "node:crypto";
import { DurableRuntimeError } from "../errors.js";
import { MAX_DURATION_SECONDS, MAX_PAYLOAD_BYTES, validationMessage } from "../lambda-limits.js";
import type { Operation, OperationUpdate } from "../types.js";
import type { Mutation } from "./mutation.js";

/** What applying an update asks of the runtime beyond the store (it runs after commit). */
export interface UpdateEffects {
  finish(
    m: Mutation,
    status: "SUCCEEDED" | "FAILED",
    out: { result?: string; error?: OperationUpdate["Error"] },
  ): void;
  startChainedInvoke(m: Mutation, op: Operation, update: OperationUpdate): void;
  stopChainedInvoke(m: Mutation, op: Operation): void;
}

const invalid = (message: string) =>
  new DurableRuntimeError("INVALID_CHECKPOINT", "InvalidParameterValueException", message);

const VALID_ACTIONS: Record<string, readonly string[]> = {
  STEP: ["START", "SUCCEED", "FAIL", "RETRY"],
  CONTEXT: ["START", "SUCCEED", "FAIL"],
  WAIT: ["START", "CANCEL"],
  CALLBACK: ["START", "CANCEL"],
  CHAINED_INVOKE: ["START", "CANCEL"],
  EXECUTION: ["SUCCEED", "FAIL"],
};

const MAX_ERROR_BYTES = 32_768;

/**
 * OperationUpdate members as Lambda's API model constrains them (the HTTP face checks the same
 * before a request gets here; in-process checkpoints get it only here). The JS SDK sends what
 * the handler asked for: a `ctx.wait({ seconds: 0 })`, a retry or wait strategy answering
 * 0 s, a name with "é" in it, a custom subType with a space. The service refuses such a
 * checkpoint and the SDK fails the execution on that 4xx answer; the SDK's own retry helpers
 * round delays up to 1 s for this reason. (The official emulator accepts all of them.)
 */
const DELAY_SECONDS = { min: 1, max: MAX_DURATION_SECONDS };
const NAME = { max: 256, pattern: /^[\x20-\x7E]+$/, shown: "[\\x20-\\x7E]+" };
const SUB_TYPE = { max: 32, pattern: /^[a-zA-Z0-9_-]+$/, shown: "[a-zA-Z0-9-_]+" };

/**
 * A checkpointed operation's payload (a step's result, a context's, a waitForCondition's
 * state) may be at most 256 KiB: the service refuses more (the model's 6 MiB is the field's
 * type). The SDK itself keeps child contexts under it (ReplayChildren, CHECKPOINT_SIZE_LIMIT_
 * BYTES) and its filesystem serdes overflows at it; a step result is not checked by the SDK.
 * An EXECUTION's result is the SDK's oversized-result path and is not held to it.
 */
export { MAX_PAYLOAD_BYTES };

const violation = (field: string, value: unknown, constraint: string) =>
  invalid(validationMessage(field, String(value), constraint, 64));

function checkModelConstraints(u: OperationUpdate): void {
  const delay =
    u.Type === "WAIT" && u.Action === "START"
      ? ["WaitOptions.WaitSeconds", u.WaitOptions?.WaitSeconds]
      : u.Type === "STEP" && u.Action === "RETRY"
        ? ["StepOptions.NextAttemptDelaySeconds", u.StepOptions?.NextAttemptDelaySeconds]
        : undefined;
  if (delay && delay[1] !== undefined) {
    const [field, value] = delay as [string, number];
    if (!Number.isInteger(value) || value < DELAY_SECONDS.min || value > DELAY_SECONDS.max)
      throw violation(
        field,
        value,
        `Member must be an integer between ${DELAY_SECONDS.min} and ${DELAY_SECONDS.max}`,
      );
  }
  for (const [field, value, rule] of [
    ["Name", u.Name, NAME],
    ["SubType", u.SubType, SUB_TYPE],
  ] as const) {
    if (value == null) continue;
    if (value.length < 1 || value.length > rule.max)
      throw violation(field, value, `Member must have length between 1 and ${rule.max}`);
    if (!rule.pattern.test(value))
      throw violation(
        field,
        value,
        `Member must satisfy regular expression pattern: ${rule.shown}`,
      );
  }
  if (u.Type !== "EXECUTION" && u.Payload != null && u.Payload.length > MAX_PAYLOAD_BYTES / 4) {
    const bytes = Buffer.byteLength(u.Payload, "utf8");
    if (bytes > MAX_PAYLOAD_BYTES)
      throw invalid(
        `The payload of operation ${u.Id} is ${bytes} bytes; an operation's payload may be at ` +
          `most ${MAX_PAYLOAD_BYTES} bytes.`,
      );
  }
}

/**
 * Rejects a checkpoint before anything is written, with the service's rules: known type and
 * action, a parent that is a CONTEXT, no operation updated twice in one request (except a
 * STEP/CONTEXT START followed by its completion), the EXECUTION update last, and only the
 * status transitions the service allows.
 */
export function validateUpdates(m: Mutation, updates: OperationUpdate[]): void {
  const executionUpdates = updates.filter((u) => u.Type === "EXECUTION");
  if (executionUpdates.length > 1) throw invalid("Cannot checkpoint multiple EXECUTION updates.");
  if (executionUpdates.length === 1 && updates.at(-1)?.Type !== "EXECUTION")
    throw invalid("EXECUTION checkpoint must be the last update.");
  const started = new Map<string, OperationUpdate>();
  const seen = new Map<string, OperationUpdate>();
  for (const u of updates) {
    if (!u.Id) throw invalid("Operation update must have an Id.");
    const actions = u.Type ? VALID_ACTIONS[u.Type] : undefined;
    if (!actions) throw invalid(`Unknown operation type: ${String(u.Type)}.`);
    if (!u.Action || !actions.includes(u.Action))
      throw invalid(`Invalid action ${String(u.Action)} for operation type ${u.Type}.`);
    const last = seen.get(u.Id);
    if (last) {
      const allowed =
        (last.Type === "STEP" || last.Type === "CONTEXT") &&
        last.Action === "START" &&
        u.Action !== "START";
      if (!allowed) throw invalid("Cannot update the same operation twice in a single request.");
    }
    if (u.ParentId) {
      const parentType = started.get(u.ParentId)?.Type ?? m.get(u.ParentId)?.Type;
      if (parentType !== "CONTEXT") throw invalid("Invalid parent operation id.");
    }
    if (u.Error != null && Buffer.byteLength(JSON.stringify(u.Error)) > MAX_ERROR_BYTES)
      throw invalid(`Error object size must be less than ${MAX_ERROR_BYTES} bytes.`);
    checkModelConstraints(u);
    if (u.Type !== "EXECUTION") {
      // Within one request, a START earlier in the batch is the state the next update sees.
      const current = last ? ({ Type: u.Type, Status: "STARTED" } as Operation) : m.get(u.Id);
      validateTransition(u, current);
    } else if (u.Action === "SUCCEED" ? u.Error != null : u.Payload != null) {
      throw invalid(`Cannot provide ${u.Action === "SUCCEED" ? "an Error" : "a Payload"}.`);
    }
    if (u.Action === "START") started.set(u.Id, u);
    seen.set(u.Id, u);
  }
}

function validateTransition(u: OperationUpdate, op: Operation | undefined): void {
  const status = op?.Status;
  if (u.Action === "FAIL" && u.Payload != null)
    throw invalid("Cannot provide a Payload for FAIL action.");
  if (u.Action === "SUCCEED" && u.Error != null)
    throw invalid("Cannot provide an Error for SUCCEED action.");
  if (op && op.Type !== u.Type)
    throw invalid(`Operation ${u.Id} is a ${op.Type}, not a ${u.Type}.`);
  switch (u.Type) {
    case "STEP":
      if (u.Action === "START" && op && status !== "READY")
        throw invalid("Invalid current STEP state to start.");
      if (
        (u.Action === "SUCCEED" || u.Action === "FAIL") &&
        op &&
        status !== "STARTED" &&
        status !== "READY"
      )
        throw invalid("Invalid current STEP state to close.");
      if (u.Action === "RETRY") {
        if (op && status !== "STARTED" && status !== "READY")
          throw invalid("Invalid current STEP state to re-attempt.");
        if (u.StepOptions == null) throw invalid("Invalid StepOptions for the given action.");
        if (u.Error != null && u.Payload != null)
          throw invalid("Cannot provide both error and payload to RETRY a STEP.");
      }
      return;
    case "CONTEXT":
      if (u.Action === "START" && op) throw invalid("Cannot start a CONTEXT that already exists.");
      if (u.Action !== "START" && op && status !== "STARTED")
        throw invalid("Invalid current CONTEXT state to close.");
      return;
    default:
      // WAIT, CALLBACK, CHAINED_INVOKE: START once, CANCEL while STARTED.
      if (u.Action === "START" && op)
        throw invalid(`Cannot start a ${u.Type} that already exists.`);
      if (u.Action === "CANCEL" && status !== "STARTED")
        throw invalid(`Cannot cancel a ${u.Type} that does not exist or has already completed.`);
  }
}

const seconds = (n: number | undefined) => Math.max(0, n ?? 0) * 1000;

/** Applies one validated update: new operation state, history events and timers. */
export function applyUpdate(m: Mutation, u: OperationUpdate, fx: UpdateEffects): void {
  if (u.Type === "EXECUTION") {
    // The SDK checkpoints an oversized result under a synthetic id; the service applies any
    // EXECUTION update to the execution itself.
    if (u.Action === "SUCCEED") fx.finish(m, "SUCCEEDED", { result: u.Payload });
    else fx.finish(m, "FAILED", { error: u.Error });
    return;
  }
  const now = m.now();
  const prev = m.get(u.Id!);
  const base: Operation = prev ?? {
    Id: u.Id,
    ParentId: u.ParentId,
    Name: u.Name,
    Type: u.Type,
    SubType: u.SubType,
    StartTimestamp: now,
    Status: "STARTED",
  };
  const ev = {
    Id: u.Id,
    Name: u.Name ?? base.Name,
    ParentId: u.ParentId ?? base.ParentId,
    SubType: u.SubType ?? base.SubType,
  };
  switch (u.Type) {
    case "STEP": {
      const attempt = base.StepDetails?.Attempt ?? 0;
      if (u.Action === "START") {
        m.put(
          {
            ...base,
            Status: "STARTED",
            // A new attempt has not ended (the retried one's end time goes with it).
            EndTimestamp: undefined,
            StepDetails: { ...base.StepDetails, NextAttemptTimestamp: undefined },
          },
          false,
        );
        m.event({ ...ev, EventType: "StepStarted", StepStartedDetails: {} });
      } else if (u.Action === "RETRY") {
        const due = now.getTime() + seconds(u.StepOptions?.NextAttemptDelaySeconds);
        m.put({
          ...base,
          Status: "PENDING",
          // The failed attempt's end, which the SDK reports to plugins as the attempt's end
          // (AWS's conformance suite, 10-21, expects one).
          EndTimestamp: now,
          StepDetails: {
            Attempt: attempt + 1,
            NextAttemptTimestamp: new Date(due),
            Result: u.Payload,
            Error: u.Error,
          },
        });
        m.timer("RETRY", u.Id, due);
        const retry = {
          CurrentAttempt: attempt + 1,
          NextAttemptDelaySeconds: u.StepOptions?.NextAttemptDelaySeconds,
        };
        if (u.Error)
          m.event({
            ...ev,
            EventType: "StepFailed",
            StepFailedDetails: { Error: { Payload: u.Error }, RetryDetails: retry },
          });
        else
          m.event({
            ...ev,
            EventType: "StepSucceeded",
            StepSucceededDetails: { Result: { Payload: u.Payload }, RetryDetails: retry },
          });
      } else {
        const ok = u.Action === "SUCCEED";
        m.put(
          {
            ...base,
            Status: ok ? "SUCCEEDED" : "FAILED",
            EndTimestamp: now,
            StepDetails: { Attempt: attempt + 1, Result: u.Payload, Error: u.Error },
          },
          false,
        );
        const retry = { CurrentAttempt: attempt + 1 };
        if (ok)
          m.event({
            ...ev,
            EventType: "StepSucceeded",
            StepSucceededDetails: { Result: { Payload: u.Payload }, RetryDetails: retry },
          });
        else
          m.event({
            ...ev,
            EventType: "StepFailed",
            StepFailedDetails: { Error: { Payload: u.Error }, RetryDetails: retry },
          });
      }
      return;
    }
    case "CONTEXT": {
      const replayChildren =
        u.ContextOptions?.ReplayChildren ?? base.ContextDetails?.ReplayChildren;
      if (u.Action === "START") {
        m.put({ ...base, ContextDetails: { ReplayChildren: replayChildren } }, false);
        m.event({ ...ev, EventType: "ContextStarted", ContextStartedDetails: {} });
        return;
      }
      const ok = u.Action === "SUCCEED";
      m.put(
        {
          ...base,
          Status: ok ? "SUCCEEDED" : "FAILED",
          EndTimestamp: now,
          ContextDetails: { ReplayChildren: replayChildren, Result: u.Payload, Error: u.Error },
        },
        false,
      );
      if (ok)
        m.event({
          ...ev,
          EventType: "ContextSucceeded",
          ContextSucceededDetails: { Result: { Payload: u.Payload } },
        });
      else
        m.event({
          ...ev,
          EventType: "ContextFailed",
          ContextFailedDetails: { Error: { Payload: u.Error } },
        });
      return;
    }
    case "WAIT": {
      if (u.Action === "START") {
        const waitSeconds = u.WaitOptions?.WaitSeconds ?? 0;
        const end = new Date(now.getTime() + seconds(waitSeconds));
        m.put({ ...base, WaitDetails: { ScheduledEndTimestamp: end } });
        m.timer("WAIT", u.Id, end.getTime());
        m.event({
          ...ev,
          EventType: "WaitStarted",
          WaitStartedDetails: { Duration: waitSeconds, ScheduledEndTimestamp: end },
        });
      } else {
        m.put({ ...base, Status: "CANCELLED", EndTimestamp: now });
        m.clearTimer("WAIT", u.Id);
        m.event({
          ...ev,
          EventType: "WaitCancelled",
          WaitCancelledDetails: { Error: { Payload: u.Error } },
        });
      }
      return;
    }
    case "CALLBACK": {
      if (u.Action === "START") {
        // 32 random bytes: the id is the only credential a callback sender presents. Standard
        // base64, as Lambda's ids (model pattern `[A-Za-z0-9+/]+={0,2}`): a client that forgets
        // to URL-encode '/' or '+' in the path fails here as it would on AWS.
        const callbackId = randomBytes(32).toString("base64");
        const timeout = u.CallbackOptions?.TimeoutSeconds;
        const heartbeat = u.CallbackOptions?.HeartbeatTimeoutSeconds;
        m.put({ ...base, CallbackDetails: { CallbackId: callbackId } });
        m.store.putCallback({
          callbackId,
          arn: m.arn,
          operationId: u.Id!,
          heartbeatSeconds: heartbeat,
        });
        if (timeout) m.timer("CALLBACK_TIMEOUT", u.Id, now.getTime() + seconds(timeout));
        if (heartbeat) m.timer("CALLBACK_HEARTBEAT", u.Id, now.getTime() + seconds(heartbeat));
        m.event({
          ...ev,
          EventType: "CallbackStarted",
          CallbackStartedDetails: {
            CallbackId: callbackId,
            Timeout: timeout,
            HeartbeatTimeout: heartbeat,
          },
        });
      } else {
        m.put({ ...base, Status: "CANCELLED", EndTimestamp: now });
        m.clearTimer("CALLBACK_TIMEOUT", u.Id);
        m.clearTimer("CALLBACK_HEARTBEAT", u.Id);
      }
      return;
    }
    case "CHAINED_INVOKE": {
      if (u.Action === "START") {
        const op: Operation = { ...base, ChainedInvokeDetails: {} };
        m.put(op);
        fx.startChainedInvoke(m, op, u);
      } else {
        const op: Operation = { ...base, Status: "STOPPED", EndTimestamp: now };
        m.put(op);
        fx.stopChainedInvoke(m, op);
      }
      return;
    }
  }
}
