/**
 * The Lambda entry point of `orders-workflow`: the workflow wired to AWS SDK clients from the
 * default provider chain, with table and bus names read from env on the first invocation.
 */
import { createOrdersWorkflow } from "./orders-workflow.js";
import { depsFromEnv } from "./workflow-deps.js";

export const handler = createOrdersWorkflow(depsFromEnv);
