/**
 * The order reconciler as a Lambda function, run by an EventBridge schedule (infra): the same
 * sweep the local stack runs at start-up and on its interval. It builds its deps with the API's
 * own wiring from env (`createBackendDeps`: AWS SDK clients from the default provider chain, so
 * locally only `AWS_ENDPOINT_URL_*` differ) and logs its report as one JSON line. An order it
 * could not handle fails the invocation, so Lambda's error metric (and an alarm on it) sees what
 * the log says; the next scheduled run tries again either way.
 */
import { type BackendDeps, createBackendDeps } from "./create-deps.js";
import { type ApiEnv, readEnv } from "./env.js";
import { type ReconcileReport, reconcilePendingOrders } from "./pending-orders.js";

/** What one run did, as logged (errors as their messages). */
export interface ReconcilerRun {
  pending: {
    due: number;
    started: string[];
    failed: { orderId: string; error: string }[];
  };
}

export class ReconcilerRunFailed extends Error {
  override readonly name = "ReconcilerRunFailed";
  constructor(readonly run: ReconcilerRun) {
    const ids = run.pending.failed.map((f) => f.orderId);
    super(`could not start ${ids.length} order(s): ${ids.join(", ")}`);
  }
}

export type ReconcilerHandler = (() => Promise<ReconcilerRun>) & {
  /** Closes the SDK clients (tests; Lambda simply freezes the process). */
  close(): void;
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function summarize(report: ReconcileReport): ReconcilerRun["pending"] {
  return {
    due: report.due,
    started: report.started,
    failed: report.failed.map(({ orderId, error }) => ({ orderId, error: message(error) })),
  };
}

/** The handler for `env`; clients are built on the first invocation and kept while warm. */
export function createReconcilerHandler(env: ApiEnv): ReconcilerHandler {
  let backend: BackendDeps | undefined;
  const run = async (): Promise<ReconcilerRun> => {
    backend ??= createBackendDeps({ env });
    const { data, workflow } = backend;
    const pending = await reconcilePendingOrders(
      { orders: data.orders, workflow, now: Date.now },
      { graceMs: env.PENDING_GRACE_SECONDS * 1000, concurrency: env.PENDING_SWEEP_CONCURRENCY },
    );
    const result: ReconcilerRun = { pending: summarize(pending) };
    console.log(JSON.stringify({ message: "orders reconciled", ...result }));
    if (result.pending.failed.length > 0) throw new ReconcilerRunFailed(result);
    return result;
  };
  return Object.assign(run, { close: () => backend?.destroy() });
}

export const handler = createReconcilerHandler(readEnv());
