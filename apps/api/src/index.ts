/**
 * @coffee/api: the Hono API (`createApp`, `AppType`), how it is wired from the environment
 * (`createDeps`, `readEnv`) and the order reconciler; the local stack composes it from these.
 */
export { ApiError, type ApiErrorCode } from "./api-error.js";
export { type AppType, createApp, DEFAULT_MAX_BODY_BYTES } from "./app.js";
export type {
  AppDeps,
  OrdersStore,
  QrTokenStore,
  ShopEventPublisher,
  ShopStore,
  StaffAccountStore,
  StorageCheck,
  StorageFault,
  StoredOrder,
  WorkflowGateway,
} from "./app-deps.js";
export { hashPassword, verifyPassword } from "./auth/password-hash.js";
export type { Principal, Role } from "./auth/principal.js";
export { SessionTokens } from "./auth/session-tokens.js";
export { type BackendDeps, createBackendDeps, createDeps } from "./create-deps.js";
export { type ApiEnv, readEnv } from "./env.js";
export { EventHub, type HubEvent } from "./events/event-hub.js";
export {
  defaultRateLimits,
  RateLimiter,
  type RateLimitOptions,
  type RateLimits,
} from "./rate-limiter.js";
export {
  closeOrdersOfEndedExecutions,
  type EndedExecutionReport,
} from "./reconciler/ended-executions.js";
export {
  DEFAULT_PENDING_GRACE_MS,
  type ReconcileDeps,
  type ReconcileOptions,
  type ReconcileReport,
  reconcilePendingOrders,
} from "./reconciler/pending-orders.js";
export { pool } from "./reconciler/pool.js";
export {
  type OrdersReconciled,
  type ReconcileOrdersDeps,
  type ReconcileSettings,
  reconcileOrders,
  reconcileSettings,
} from "./reconciler/reconcile-orders.js";
export type { ExecutionTimeline, TimelineOperation } from "./workflow/execution-timeline.js";
export { LambdaWorkflowGateway } from "./workflow/lambda-workflow-gateway.js";
export { orderWorkflowInput, workflowPayload } from "./workflow/order-workflow-input.js";
