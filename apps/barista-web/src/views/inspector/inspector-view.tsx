/**
 * `/executions/:orderId`: the order's durable execution as a timeline, like the Lambda console's
 * "Durable executions" tab: the order's outcome beside the execution's status, every step,
 * wait, callback and child context with its timing, attempts (each with its error), timeouts
 * and payloads as folded JSON; compensation steps marked. Refreshes live. The timeline is the
 * one the runtime console draws (`@coffee/execution-timeline`).
 */
import type { TimelineOperation } from "@coffee/execution-timeline";
import {
  ExecutionPayloads,
  SummaryItem,
  TimelineSummary,
  TimelineTable,
} from "@coffee/execution-timeline/view";
import { useCallback, useEffect, useState } from "react";
import { ApiError, describeError } from "../../api/api-error.js";
import type { OrderExecution, StaffSession } from "../../api/api-schemas.js";
import { LiveBadge } from "../../components/live-badge.js";
import { SignInForm } from "../../components/sign-in-form.js";
import { useLive } from "../../hooks/use-live.js";
import { useNow } from "../../hooks/use-now.js";
import { useStaffSession } from "../../hooks/use-staff-session.js";
import { Link } from "../../router.js";
import { useServices } from "../../services.js";
import styles from "./inspector.module.css";

const COMPENSATION = /compensat|release|refund|undo|rollback/i;
const compensation = (op: TimelineOperation) =>
  op.type === "STEP" && COMPENSATION.test(op.name ?? "") ? "compensation" : undefined;

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
  const [timeline, setTimeline] = useState<OrderExecution>();
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
          <TimelineSummary timeline={timeline} now={now}>
            <SummaryItem label="Order" testId="order-outcome" status={timeline.order.status}>
              {timeline.order.status}
              {timeline.order.reason ? ` · ${timeline.order.reason}` : ""}
            </SummaryItem>
            <SummaryItem label="Execution" testId="execution-status" status={timeline.status}>
              {timeline.status}
            </SummaryItem>
          </TimelineSummary>
          <ExecutionPayloads timeline={timeline} />
          <TimelineTable timeline={timeline} now={now} tag={compensation} />
        </>
      )}
    </main>
  );
}
