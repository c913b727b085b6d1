/**
 * Public list prices (US East, N. Virginia, on-demand, USD), as published on each service's
 * pricing page in December 2026, for what one million orders would cost in AWS. The figures the
 * bench multiplies them by are measured; the Lambda durations are assumptions, named below.
 */
export const PRICES = {
  /** Lambda durable functions: each durable operation (step, wait, callback, context, ...). */
  durableOperationPerMillion: 8.0,
  /** Lambda durable functions: data written by checkpoints, per GB. */
  durableDataWrittenPerGB: 0.25,
  /** Lambda: requests (invocations), per million. */
  lambdaRequestPerMillion: 0.2,
  /** Lambda: compute, per GB-second (x86). */
  lambdaGBSecond: 0.0000166667,
  /** API Gateway HTTP API: requests, per million (first 300 million a month). */
  httpApiRequestPerMillion: 1.0,
  /** DynamoDB on-demand: write request units, per million. */
  dynamoWriteUnitPerMillion: 0.625,
  /** DynamoDB on-demand: read request units, per million. */
  dynamoReadUnitPerMillion: 0.125,
  /** EventBridge: custom events published (PutEvents entries up to 64 KB), per million. */
  eventBridgeEventPerMillion: 1.0,
} as const;

/** Assumed Lambda configuration for the estimate: memory and billed time per invocation. */
export const LAMBDA_ASSUMPTION = {
  memoryGB: 0.5,
  /** Billed milliseconds per workflow invocation (replay plus a step or two, SDK calls). */
  workflowMsPerInvocation: 100,
  /** Billed milliseconds per API request. */
  apiMsPerRequest: 30,
} as const;
