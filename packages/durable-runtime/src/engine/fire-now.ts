/**
 * Durable time control for one operation ("Fire now" in the console): a pending wait, or a step
 * waiting to retry, has its durable timer moved to now, in the store, so the runtime fires it as
 * if its time had come (the same `WaitSucceeded`, the same re-invocation) and a restart before
 * it fires still finds it due. Anything else is refused, saying what can be fired.
 */
import { DurableRuntimeError } from "../errors.js";
import type { TimerKind } from "../types.js";
import type { Mutation } from "./mutation.js";
import { isLive } from "./pause-resume.js";

export type FireableKind = Extract<TimerKind, "WAIT" | "RETRY">;

const refused = (message: string) =>
  new DurableRuntimeError("NOT_FIREABLE", "InvalidParameterValueException", message);

/** Moves the operation's timer to now inside the caller's mutation; which timer it was. */
export function fireNow(m: Mutation, operationId: string): FireableKind {
  const op = m.get(operationId);
  if (!op) {
    throw new DurableRuntimeError(
      "OPERATION_NOT_FOUND",
      "ResourceNotFoundException",
      `Execution ${m.arn} has no operation ${operationId}`,
    );
  }
  const what = `${op.Type} ${op.Name ? `"${op.Name}"` : op.Id} is ${op.Status}`;
  // A paused execution's timers still fall due (it is invoked once resumed), so they fire too.
  if (!isLive(m.rec.status)) {
    throw refused(`Fire now needs an unfinished execution; this one is ${m.rec.status} (${what})`);
  }
  const kind: FireableKind | undefined =
    op.Type === "WAIT" && op.Status === "STARTED"
      ? "WAIT"
      : op.Type === "STEP" && op.Status === "PENDING"
        ? "RETRY"
        : undefined;
  if (!kind) {
    throw refused(`Fire now applies to a pending wait or a step waiting to retry; ${what}`);
  }
  m.timer(kind, op.Id, m.now().getTime());
  return kind;
}
