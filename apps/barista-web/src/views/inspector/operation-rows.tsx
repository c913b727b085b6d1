/** One table row per operation, nested under its parent context, with a bar on the time axis. */
import type { ExecutionTimeline, TimelineOperation } from "../../api/api-schemas.js";
import { formatDuration } from "../../components/time-format.js";
import styles from "./inspector.module.css";

const COMPENSATION = /compensat|release|refund|undo|rollback/i;

export function OperationRows({ timeline, now }: { timeline: ExecutionTimeline; now: number }) {
  const t0 = timeline.startedAt ? Date.parse(timeline.startedAt) : now;
  const t1 = timeline.endedAt ? Date.parse(timeline.endedAt) : now;
  const span = Math.max(1, t1 - t0);
  return (
    <>
      {ordered(timeline.operations).map(({ op, depth, parent }) => {
        const start = op.startedAt ? Date.parse(op.startedAt) : undefined;
        const end = op.endedAt ? Date.parse(op.endedAt) : now;
        const left = start !== undefined ? ((start - t0) / span) * 100 : 0;
        const width = start !== undefined ? Math.max(0.5, ((end - start) / span) * 100) : 0;
        const compensation = op.type === "STEP" && COMPENSATION.test(op.name ?? "");
        return (
          <tr key={op.id} data-testid="operation" data-status={op.status}>
            <th scope="row" style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}>
              {op.name ?? (
                <span className={styles.muted}>
                  {(op.subType ?? op.type).toLowerCase()}
                  {parent?.name ? ` of ${parent.name}` : ""}
                </span>
              )}
              {compensation ? <span className={styles.tag}>compensation</span> : null}
            </th>
            <td>
              {op.subType && op.subType.toUpperCase() !== op.type
                ? `${op.type} · ${op.subType}`
                : op.type}
            </td>
            <td className={styles[`s_${op.status}`]}>{op.status}</td>
            <td>{start !== undefined ? `+${formatDuration(start - t0)}` : "–"}</td>
            <td>{start !== undefined ? formatDuration(end - start) : "–"}</td>
            <td className={styles.details}>{details(op)}</td>
            <td aria-hidden="true" className={styles.barCell}>
              <span
                className={`${styles.bar} ${styles[`b_${op.status}`] ?? ""}`}
                style={{
                  left: `${Math.min(left, 99.5)}%`,
                  width: `${Math.min(width, 100 - Math.min(left, 99.5))}%`,
                }}
              />
            </td>
          </tr>
        );
      })}
    </>
  );
}

function details(op: TimelineOperation): string {
  const parts: string[] = [];
  if (op.type === "CALLBACK" && op.timeoutSeconds !== undefined)
    parts.push(`timeout ${op.timeoutSeconds} s`);
  if (op.heartbeatTimeoutSeconds !== undefined)
    parts.push(`heartbeat ${op.heartbeatTimeoutSeconds} s`);
  if (op.type === "WAIT" && op.timeoutSeconds !== undefined)
    parts.push(`wait ${op.timeoutSeconds} s`);
  if (op.scheduledEndAt) parts.push(`until ${new Date(op.scheduledEndAt).toLocaleTimeString()}`);
  if (op.attempts !== undefined && op.attempts > 1)
    parts.push(`${op.attempts} attempts (${op.attempts - 1} retries)`);
  if (op.error) parts.push(`${op.error.type ?? "Error"}: ${op.error.message ?? ""}`.trim());
  return parts.join(" · ");
}

/** Depth-first by start time: children right under their parent context. */
function ordered(
  ops: TimelineOperation[],
): { op: TimelineOperation; depth: number; parent: TimelineOperation | undefined }[] {
  const ids = new Set(ops.map((o) => o.id));
  const children = new Map<string | undefined, TimelineOperation[]>();
  for (const op of ops) {
    const parent = op.parentId && ids.has(op.parentId) ? op.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), op]);
  }
  const out: { op: TimelineOperation; depth: number; parent: TimelineOperation | undefined }[] = [];
  const walk = (parent: TimelineOperation | undefined, depth: number) => {
    for (const op of children.get(parent?.id) ?? []) {
      out.push({ op, depth, parent });
      walk(op, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}
