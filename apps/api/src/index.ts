/** @coffee/api: the Hono API (`createApp`, `AppType`) and how it is wired from the environment. */
export { ApiError, type ApiErrorCode } from "./api-error.js";
export { type AppType, createApp, DEFAULT_MAX_BODY_BYTES } from "./app.js";
export type {
  AppDeps,
  OrdersStore,
  QrTokenStore,
  ShopEventPublisher,
  ShopStore,
  StaffAccountStore,
  StoredOrder,
  WorkflowGateway,
} from "./app-deps.js";
export type { Principal, Role } from "./auth/principal.js";
export { SessionTokens } from "./auth/session-tokens.js";
export { createDeps } from "./create-deps.js";
export { type ApiEnv, readEnv } from "./env.js";
export { EventHub, type HubEvent } from "./events/event-hub.js";
export type { ExecutionTimeline, TimelineOperation } from "./execution-timeline.js";
export { LambdaWorkflowGateway } from "./lambda-workflow-gateway.js";
export { orderWorkflowInput, workflowPayload } from "./order-workflow-input.js";
export {
  DEFAULT_PENDING_GRACE_MS,
  type ReconcileDeps,
  type ReconcileOptions,
  type ReconcileReport,
  reconcilePendingOrders,
} from "./pending-orders.js";
export {
  defaultRateLimits,
  RateLimiter,
  type RateLimitOptions,
  type RateLimits,
} from "./rate-limiter.js";
export type { OrderView } from "./routes/order-view.js";
