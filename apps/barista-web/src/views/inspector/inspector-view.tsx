/**
 * `/executions/:orderId`: the order's durable execution as a timeline, like the Lambda console's
 * "Durable executions" tab: every step, wait, callback and child context with its status,
 * timing, attempts, timeouts and errors; compensation steps marked. Refreshes live.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError, describeError } from "../../api/api-error.js";
import type { ExecutionTimeline, StaffSession } from "../../api/api-schemas.js";
import { LiveBadge } from "../../components/live-badge.js";
import { SignInForm } from "../../components/sign-in-form.js";
import { formatDuration } from "../../components/time-format.js";
import { useLive } from "../../hooks/use-live.js";
import { useNow } from "../../hooks/use-now.js";
import { useStaffSession } from "../../hooks/use-staff-session.js";
import { Link } from "../../router.js";
import { useServices } from "../../services.js";
import styles from "./inspector.module.css";
import { OperationRows } from "./operation-rows.js";

export function InspectorView({ orderId }: { orderId: string }) {
  const { session, signIn, expireOn } = useStaffSession();
  if (!session) {
    return (
      <main>
        <SignInForm
          title="Execution inspector: staff sign-in"
          roles={["barista", "admin"]}
          onSignedIn={signIn}
        />
      </main>
    );
  }
  return <Inspector orderId={orderId} session={session} onAuthError={expireOn} />;
}

function Inspector({
  orderId,
  session,
  onAuthError,
}: {
  orderId: string;
  session: StaffSession;
  onAuthError(error: unknown): boolean;
}) {
  const { api } = useServices();
  const now = useNow(1000);
  const [timeline, setTimeline] = useState<ExecutionTimeline>();
  const [error, setError] = useState<string>();
  const [missing, setMissing] = useState(false);

  const load = useCallback(async () => {
    try {
      setTimeline(await api.execution(orderId, session.token));
      setError(undefined);
      setMissing(false);
    } catch (e) {
      if (onAuthError(e)) return;
      if (e instanceof ApiError && e.code === "NOT_FOUND") setMissing(true);
      else setError(describeError(e));
    }
  }, [api, orderId, session.token, onAuthError]);
  useEffect(() => {
    void load();
  }, [load]);

  const live = useLive(
    { token: session.token, orderId },
    {
      onLive: () => void load(),
      onEvent: (event) => {
        if (event.orderId === orderId) void load();
      },
    },
  );

  const running = timeline?.status === "RUNNING";
  const start = timeline?.startedAt ? Date.parse(timeline.startedAt) : undefined;
  const end = timeline?.endedAt ? Date.parse(timeline.endedAt) : now;

  return (
    <main className={styles.inspector}>
      <nav className={styles.crumbs} aria-label="Back">
        <Link to="/barista">← Barista console</Link>
      </nav>
      <header className={styles.header}>
        <h1>
          Execution <code>{orderId}</code>
        </h1>
        <LiveBadge status={live} />
      </header>
      <p role="alert" className={styles.error}>
        {error ?? ""}
      </p>
      {missing ? (
        <p>This order has no durable execution (yet).</p>
      ) : !timeline ? (
        <p>{error ? "" : "Loading…"}</p>
      ) : (
        <>
          <dl className={styles.summary}>
            <div>
              <dt>Status</dt>
              <dd data-testid="execution-status" className={styles[`s_${timeline.status}`]}>
                {timeline.status}
              </dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>
                {timeline.startedAt ? new Date(timeline.startedAt).toLocaleTimeString() : "–"}
              </dd>
            </div>
            <div>
              <dt>{running ? "Running for" : "Took"}</dt>
              <dd>{start !== undefined ? formatDuration(end - start) : "–"}</dd>
            </div>
            <div>
              <dt>Operations</dt>
              <dd>{timeline.operations.length}</dd>
            </div>
            <div>
              <dt>Invocations</dt>
              <dd title="Times the handler ran, replays included">{timeline.invocations}</dd>
            </div>
          </dl>
          <table className={styles.table}>
            <caption className="visually-hidden">Operations of the execution, in order</caption>
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Start</th>
                <th scope="col">Duration</th>
                <th scope="col">Details</th>
                <th scope="col" className={styles.barHead}>
                  <span className="visually-hidden">Timeline</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <OperationRows timeline={timeline} now={now} />
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}
