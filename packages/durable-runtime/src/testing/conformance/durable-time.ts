import type { Event } from "@aws-sdk/client-lambda";

/**
 * Where a history breaks durable time, as this runtime records it on a ManualClock that only
 * jumps to the next due timer: a wait must end exactly its Duration after it started, and a
 * step retried (or a waitForCondition polled again) must start again exactly
 * NextAttemptDelaySeconds after the attempt that asked for it. Answers one line per break.
 */
export function durableTimeViolations(events: Event[]): string[] {
  const at = (e: Event) => new Date(e.EventTimestamp!).getTime();
  const waits = new Map<string, { start: number; seconds: number }>();
  const retries = new Map<string, number>();
  const violations: string[] = [];
  for (const e of events) {
    const id = e.Id ?? "";
    const label = `${e.EventType} ${e.Name ?? id}`;
    switch (e.EventType) {
      case "WaitStarted":
        waits.set(id, { start: at(e), seconds: e.WaitStartedDetails?.Duration ?? 0 });
        break;
      case "WaitSucceeded": {
        const wait = waits.get(id);
        const due = wait && wait.start + wait.seconds * 1000;
        if (due !== at(e)) violations.push(`${label} at ${at(e)}, due ${due}`);
        break;
      }
      case "StepFailed":
      case "StepSucceeded": {
        const details = e.StepFailedDetails ?? e.StepSucceededDetails;
        const delay = details?.RetryDetails?.NextAttemptDelaySeconds;
        if (delay !== undefined) retries.set(id, at(e) + delay * 1000);
        break;
      }
      case "StepStarted": {
        const due = retries.get(id);
        retries.delete(id);
        if (due !== undefined && due !== at(e)) violations.push(`${label} at ${at(e)}, due ${due}`);
        break;
      }
    }
  }
  return violations;
}
