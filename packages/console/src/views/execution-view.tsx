/**
 * One execution: its status, input and result or error, and its operations on the shared
 * timeline (`@coffee/execution-timeline`), live while it runs. Actions go through the Lambda
 * API (Stop, a callback's Succeed / Fail / Heartbeat) or the console's own (Fire now on a
 * pending wait or retry); the history downloads as a JSON fixture for `replayHistory`.
 */
import {
  buildTimeline,
  type ExecutionTimeline,
  type TimelineOperation,
} from "@coffee/execution-timeline";
import {
  ExecutionPayloads,
  SummaryItem,
  TimelineSummary,
  TimelineTable,
} from "@coffee/execution-timeline/view";
import { useCallback, useEffect, useState } from "react";
import { isLive } from "../api/wire-schemas.js";
import { useClient } from "../client-context.js";
import { describeError } from "../describe-error.js";
import { usePolling } from "../hooks/use-polling.js";
import { BASE, executionNameOf, executionPath, Link } from "../router.js";
import { CallbackActions } from "./callback-actions.js";

export function ExecutionView({ arn, pollMs = 1000 }: { arn: string; pollMs?: number }) {
  const client = useClient();
  const [timeline, setTimeline] = useState<ExecutionTimeline>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [now, setNow] = useState(Date.now());

  const load = useCallback(async () => {
    try {
      const [execution, events] = await Promise.all([client.execution(arn), client.history(arn)]);
      setTimeline(buildTimeline(execution, events));
      setNow(Date.now());
      setError(undefined);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, arn]);
  usePolling(load, pollMs, timeline === undefined || isLive(timeline.status));
  useEffect(() => setNotice(undefined), [arn]);

  const act = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
      setNotice(`${what}: done`);
      await load();
    } catch (e) {
      setNotice(`${what} refused: ${describeError(e)}`);
    }
  };

  const actions = (op: TimelineOperation) => {
    if (!isLive(timeline?.status)) return null;
    if (op.type === "CALLBACK" && op.status === "STARTED" && op.callbackId) {
      return (
        <CallbackActions
          callbackId={op.callbackId}
          heartbeatTimeoutSeconds={op.heartbeatTimeoutSeconds}
          act={act}
        />
      );
    }
    const fireable =
      (op.type === "WAIT" && op.status === "STARTED") ||
      (op.type === "STEP" && op.status === "RETRYING");
    return fireable ? (
      <button
        type="button"
        className="secondary"
        onClick={() => void act("Fire now", () => client.fireNow(arn, op.id))}
      >
        Fire now
      </button>
    ) : null;
  };

  return (
    <main>
      <nav className="crumbs" aria-label="Back">
        <Link to={`${BASE}/`}>← Executions</Link>
      </nav>
      <header className="execution-header">
        <h1>
          Execution <code>{timeline?.name ?? executionNameOf(arn)}</code>
        </h1>
        <div className="execution-actions">
          {timeline?.status === "RUNNING" ? (
            <button
              type="button"
              className="secondary"
              onClick={() => void act("Pause", () => client.pause(arn))}
            >
              Pause
            </button>
          ) : null}
          {timeline?.status === "PAUSING" || timeline?.status === "PAUSED" ? (
            <button type="button" onClick={() => void act("Resume", () => client.resume(arn))}>
              Resume
            </button>
          ) : null}
          {isLive(timeline?.status) ? (
            <button
              type="button"
              className="danger"
              onClick={() => void act("Stop", () => client.stop(arn))}
            >
              Stop
            </button>
          ) : null}
          <a className="button secondary" href={client.fixtureUrl(arn)} download>
            Export history
          </a>
        </div>
      </header>
      <p role="alert" className="error">
        {error ?? ""}
      </p>
      <p role="status" className="notice">
        {notice ?? ""}
      </p>
      {!timeline ? (
        <p>{error ? "" : "Loading…"}</p>
      ) : (
        <>
          <TimelineSummary timeline={timeline} now={now}>
            <SummaryItem label="Status" testId="execution-status" status={timeline.status}>
              {timeline.status}
            </SummaryItem>
            <SummaryItem label="Function">{timeline.functionName ?? "–"}</SummaryItem>
          </TimelineSummary>
          <ExecutionPayloads timeline={timeline} />
          <TimelineTable
            timeline={timeline}
            now={now}
            actions={actions}
            childLink={(op) => (
              <Link to={executionPath(op.childExecutionArn)}>
                child execution {executionNameOf(op.childExecutionArn)}
              </Link>
            )}
          />
        </>
      )}
    </main>
  );
}
