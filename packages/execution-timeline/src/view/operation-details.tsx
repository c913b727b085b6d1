/** The details cell of an operation: deadlines, attempts with their errors, payloads. */
import { formatDuration, formatMoment, formatSeconds } from "../model/format.js";
import type { TimelineOperation } from "../model/timeline.js";
import { errorText } from "./error-text.js";
import { JsonPayload } from "./json-payload.js";
import styles from "./timeline.module.css";

export function OperationDetails({ op }: { op: TimelineOperation }) {
  const attempts = op.attempts ?? [];
  return (
    <>
      <span>{summary(op)}</span>
      {attempts.length > 1 || attempts.some((a) => a.error) ? (
        <ol className={styles.attempts} aria-label={`Attempts of ${op.name ?? op.id}`}>
          {attempts.map((a) => (
            <li key={a.attempt} data-testid="attempt">
              attempt {a.attempt}
              {a.startedAt && a.endedAt
                ? ` · ${formatDuration(Date.parse(a.endedAt) - Date.parse(a.startedAt))}`
                : ""}
              {a.error ? ` · ${errorText(a.error)}` : a.endedAt ? " · succeeded" : " · running"}
              {a.nextAttemptDelaySeconds !== undefined
                ? ` · next attempt after ${formatDuration(a.nextAttemptDelaySeconds * 1000)}`
                : ""}
            </li>
          ))}
        </ol>
      ) : null}
      {op.input !== undefined ? <JsonPayload label="Input" text={op.input} /> : null}
      {op.result !== undefined ? <JsonPayload label="Result" text={op.result} /> : null}
      {op.error && op.status !== "RETRYING" ? (
        <JsonPayload label="Error" text={JSON.stringify(op.error)} />
      ) : null}
    </>
  );
}

function summary(op: TimelineOperation): string {
  const parts: string[] = [];
  if (op.type === "CALLBACK" && op.timeoutSeconds !== undefined)
    parts.push(`timeout ${formatSeconds(op.timeoutSeconds)}`);
  if (op.heartbeatTimeoutSeconds !== undefined) {
    parts.push(`heartbeat ${formatSeconds(op.heartbeatTimeoutSeconds)}`);
    if (op.status === "STARTED" && op.startedAt) {
      const due = Date.parse(op.startedAt) + op.heartbeatTimeoutSeconds * 1000;
      parts.push(`first heartbeat due ${formatMoment(new Date(due).toISOString())}`);
    }
  }
  if (op.type === "CALLBACK" && op.status === "STARTED" && op.startedAt && op.timeoutSeconds) {
    const due = Date.parse(op.startedAt) + op.timeoutSeconds * 1000;
    parts.push(`times out ${formatMoment(new Date(due).toISOString())}`);
  }
  if (op.waitSeconds !== undefined) parts.push(`wait ${formatSeconds(op.waitSeconds)}`);
  if (op.scheduledEndAt) parts.push(`due ${formatMoment(op.scheduledEndAt)}`);
  if (op.attempts && op.attempts.length > 1)
    parts.push(`${op.attempts.length} attempts (${op.attempts.length - 1} retries)`);
  if (op.nextAttemptAt) parts.push(`next attempt ${formatMoment(op.nextAttemptAt)}`);
  if (op.functionName) parts.push(`calls ${op.functionName}`);
  if (op.error) parts.push(errorText(op.error));
  return parts.join(" · ");
}
