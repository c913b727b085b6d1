/** @coffee/orders-workflow: the order workflow, as a Lambda handler and as a factory for tests. */
export {
  parseBaristaAccept,
  parseBaristaComplete,
  parseCustomerOrder,
} from "./callback-results.js";
export { type WorkflowEnv, workflowEnv } from "./env.js";
export { handler } from "./handler.js";
export { createOrdersWorkflow } from "./orders-workflow.js";
export { type DepsSource, depsFromEnv, type OrdersWorkflowDeps } from "./workflow-deps.js";
export { OrdersWorkflowError, type OrdersWorkflowErrorCode } from "./workflow-error.js";
