/** The execution at a glance: what the caller puts first, then start, duration and counts. */
import type { ReactNode } from "react";
import { formatDuration } from "../model/format.js";
import type { ExecutionTimeline } from "../model/timeline.js";
import styles from "./timeline.module.css";

export function TimelineSummary({
  timeline,
  now,
  children,
}: {
  timeline: ExecutionTimeline;
  now: number;
  /** `SummaryItem`s before the common ones: the status, and whatever the page adds. */
  children?: ReactNode;
}) {
  const start = timeline.startedAt ? Date.parse(timeline.startedAt) : undefined;
  const end = timeline.endedAt ? Date.parse(timeline.endedAt) : now;
  return (
    <dl className={styles.summary}>
      {children}
      <SummaryItem label="Started">
        {timeline.startedAt ? new Date(timeline.startedAt).toLocaleString() : "–"}
      </SummaryItem>
      <SummaryItem label={timeline.endedAt ? "Took" : "Running for"}>
        {start !== undefined ? formatDuration(end - start) : "–"}
      </SummaryItem>
      <SummaryItem label="Operations">{timeline.operations.length}</SummaryItem>
      <SummaryItem label="Invocations" title="Times the handler ran, replays included">
        {timeline.invocations.length}
      </SummaryItem>
    </dl>
  );
}

export function SummaryItem({
  label,
  children,
  title,
  testId,
  status,
}: {
  label: string;
  children: ReactNode;
  title?: string;
  testId?: string;
  /** Colours the value as a status (SUCCEEDED green, FAILED red, ...). */
  status?: string;
}) {
  return (
    <div>
      <dt>{label}</dt>
      <dd title={title} data-testid={testId} className={status ? styles[`s_${status}`] : undefined}>
        {children}
      </dd>
    </div>
  );
}
