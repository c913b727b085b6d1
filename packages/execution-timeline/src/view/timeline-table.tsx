/**
 * The operations of one execution as a table on a time axis: each row nested under its parent
 * context with status, start, duration, details (deadlines, attempts, payloads) and a bar; the
 * handler's invocations (first run and replays) as bands on the same axis, in the first row.
 */
import type { ReactNode } from "react";
import { formatDuration } from "../model/format.js";
import type { ExecutionTimeline, TimelineOperation } from "../model/timeline.js";
import { errorText } from "./error-text.js";
import { OperationDetails } from "./operation-details.js";
import styles from "./timeline.module.css";

export interface TimelineTableProps {
  timeline: ExecutionTimeline;
  /** Epoch ms: the right edge of the axis while the execution runs. */
  now: number;
  /** Controls for one operation (the runtime console's callback and timer buttons). */
  actions?: (op: TimelineOperation) => ReactNode;
  /** A link to a chained invoke's child execution. */
  childLink?: (op: TimelineOperation & { childExecutionArn: string }) => ReactNode;
  /** A tag after an operation's name (the shop marks its compensation steps). */
  tag?: (op: TimelineOperation) => string | undefined;
}

export function TimelineTable({ timeline, now, actions, childLink, tag }: TimelineTableProps) {
  const t0 = timeline.startedAt ? Date.parse(timeline.startedAt) : now;
  const t1 = timeline.endedAt ? Date.parse(timeline.endedAt) : now;
  const span = Math.max(1, t1 - t0);
  const place = (startIso: string | undefined, endIso: string | undefined) => {
    if (!startIso) return undefined;
    const start = Date.parse(startIso);
    const end = endIso ? Date.parse(endIso) : now;
    const left = Math.min(((start - t0) / span) * 100, 99.5);
    const width = Math.min(Math.max(0.5, ((end - start) / span) * 100), 100 - left);
    return { left: `${left}%`, width: `${width}%` };
  };
  return (
    <div className={styles.scroll}>
      <table className={styles.table}>
        <caption className={styles.hidden}>Operations of the execution, in order</caption>
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Start</th>
            <th scope="col">Duration</th>
            <th scope="col">Details</th>
            <th scope="col" className={styles.barHead}>
              <span className={styles.hidden}>Timeline</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <tr data-testid="invocations" className={styles.invocations}>
            <th scope="row">Invocations</th>
            <td colSpan={4}>{timeline.invocations.length} (first run and replays)</td>
            <td className={styles.details}>
              {timeline.invocations
                .filter((i) => i.error)
                .map((i) => (
                  <div key={i.requestId ?? i.startedAt}>{errorText(i.error ?? {})}</div>
                ))}
            </td>
            <td className={styles.barCell}>
              {timeline.invocations.map((i, n) => {
                const style = place(i.startedAt, i.endedAt ?? i.startedAt);
                return style ? (
                  <span
                    key={i.requestId ?? n}
                    className={`${styles.band} ${i.error ? styles.b_FAILED : ""}`}
                    style={style}
                    title={`invocation ${n + 1}${i.error ? `: ${errorText(i.error)}` : ""}`}
                  />
                ) : null;
              })}
            </td>
          </tr>
          {ordered(timeline.operations).map(({ op, depth, parent }) => {
            const start = op.startedAt ? Date.parse(op.startedAt) : undefined;
            const end = op.endedAt ? Date.parse(op.endedAt) : now;
            const label = tag?.(op);
            const bar = place(op.startedAt, op.endedAt);
            return (
              <tr key={op.id} data-testid="operation" data-status={op.status}>
                <th scope="row" style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}>
                  {op.name ?? (
                    <span className={styles.muted}>
                      {(op.subType ?? op.type).toLowerCase()}
                      {parent?.name ? ` of ${parent.name}` : ""}
                    </span>
                  )}
                  {label ? <span className={styles.tag}>{label}</span> : null}
                </th>
                <td>
                  {op.subType && op.subType.toUpperCase() !== op.type
                    ? `${op.type} · ${op.subType}`
                    : op.type}
                </td>
                <td className={styles[`s_${op.status}`]}>{op.status}</td>
                <td>{start !== undefined ? `+${formatDuration(start - t0)}` : "–"}</td>
                <td>{start !== undefined ? formatDuration(end - start) : "–"}</td>
                <td className={styles.details}>
                  <OperationDetails op={op} />
                  {op.childExecutionArn && childLink ? (
                    <div>{childLink({ ...op, childExecutionArn: op.childExecutionArn })}</div>
                  ) : null}
                  {actions ? <div className={styles.actions}>{actions(op)}</div> : null}
                </td>
                <td aria-hidden="true" className={styles.barCell}>
                  {bar ? (
                    <span
                      className={`${styles.bar} ${styles[`b_${op.status}`] ?? ""}`}
                      style={bar}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface Placed {
  op: TimelineOperation;
  depth: number;
  parent: TimelineOperation | undefined;
}

/** Depth-first in history order: children right under their parent context. */
function ordered(ops: TimelineOperation[]): Placed[] {
  const ids = new Set(ops.map((o) => o.id));
  const children = new Map<string | undefined, TimelineOperation[]>();
  for (const op of ops) {
    const parent = op.parentId && ids.has(op.parentId) ? op.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), op]);
  }
  const out: Placed[] = [];
  const walk = (parent: TimelineOperation | undefined, depth: number) => {
    for (const op of children.get(parent?.id) ?? []) {
      out.push({ op, depth, parent });
      walk(op, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}
