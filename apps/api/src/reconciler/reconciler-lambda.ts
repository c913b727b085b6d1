/**
 * The order reconciler as a Lambda function, run by an EventBridge schedule (infra): the run
 * the local stack's sweeps make at start-up and on an interval (`reconcileOrders`: PENDING
 * orders whose start was cut off, then open orders whose execution ended without the workflow
 * closing them). It builds its deps with the API's own wiring from env (`createBackendDeps`:
 * AWS SDK clients from the default provider chain, so locally only `AWS_ENDPOINT_URL_*` differ)
 * and logs its report as one JSON line. An order it could not handle fails the invocation, so
 * Lambda's error metric (and an alarm on it) sees what the log says; the next scheduled run
 * tries again either way.
 */
import { type BackendDeps, createBackendDeps } from "../create-deps.js";
import { type ApiEnv, readEnv } from "../env.js";
import type { EndedExecutionReport } from "./ended-executions.js";
import { reconcileOrders, reconcileSettings } from "./reconcile-orders.js";

type Failed = { orderId: string; error: string }[];

/** What one run did, as logged (errors as their messages). */
export interface ReconcilerRun {
  /** PENDING orders started again (`reconcilePendingOrders`). */
  pending: { due: number; started: string[]; failed: Failed };
  /** Open orders whose execution ended, closed (`closeOrdersOfEndedExecutions`). */
  ended: { checked: number; closed: EndedExecutionReport["closed"]; failed: Failed };
}

export class ReconcilerRunFailed extends Error {
  override readonly name = "ReconcilerRunFailed";
  constructor(readonly run: ReconcilerRun) {
    const starts = run.pending.failed.map((f) => f.orderId);
    const closes = run.ended.failed.map((f) => f.orderId);
    super(
      [
        starts.length ? `could not start ${starts.length} order(s): ${starts.join(", ")}` : "",
        closes.length
          ? `could not check or close ${closes.length} order(s): ${closes.join(", ")}`
          : "",
      ]
        .filter(Boolean)
        .join("; "),
    );
  }
}

export type ReconcilerHandler = (() => Promise<ReconcilerRun>) & {
  /** Closes the SDK clients (tests; Lambda simply freezes the process). */
  close(): void;
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

const failures = (failed: { orderId: string; error: unknown }[]): Failed =>
  failed.map(({ orderId, error }) => ({ orderId, error: message(error) }));

/** The handler for `env`; clients are built on the first invocation and kept while warm. */
export function createReconcilerHandler(env: ApiEnv): ReconcilerHandler {
  let backend: BackendDeps | undefined;
  const run = async (): Promise<ReconcilerRun> => {
    backend ??= createBackendDeps({ env });
    const { data, workflow } = backend;
    const { pending, ended } = await reconcileOrders(
      {
        orders: data.orders,
        settlement: data.settlement,
        shop: data.shop,
        events: data.events,
        workflow,
        now: Date.now,
      },
      reconcileSettings(env),
    );
    const result: ReconcilerRun = {
      pending: { due: pending.due, started: pending.started, failed: failures(pending.failed) },
      ended: { checked: ended.checked, closed: ended.closed, failed: failures(ended.failed) },
    };
    console.log(JSON.stringify({ message: "orders reconciled", ...result }));
    if (result.pending.failed.length + result.ended.failed.length > 0) {
      throw new ReconcilerRunFailed(result);
    }
    return result;
  };
  return Object.assign(run, { close: () => backend?.destroy() });
}

export const handler = createReconcilerHandler(readEnv());
