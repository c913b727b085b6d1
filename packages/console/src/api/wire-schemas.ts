/**
 * The runtime's answers the console reads, checked at the boundary: Lambda's durable-execution
 * API as it is on the wire (rest-json: timestamps in epoch seconds), and the console's own
 * routes under /console/api. Loose objects: members the console does not read pass through.
 */
import { z } from "zod";

const timestamp = z.number();
const errorObject = z.looseObject({
  ErrorType: z.string().optional(),
  ErrorMessage: z.string().optional(),
  ErrorData: z.string().optional(),
  StackTrace: z.array(z.string()).optional(),
});

export const EXECUTION_STATUSES = [
  "RUNNING",
  "PAUSING",
  "PAUSED",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "STOPPED",
] as const;

/** An execution that has not finished: its operations can still move. */
export const isLive = (status: string | undefined) =>
  status === "RUNNING" || status === "PAUSING" || status === "PAUSED";

export const executionSummarySchema = z.looseObject({
  DurableExecutionArn: z.string(),
  DurableExecutionName: z.string(),
  FunctionArn: z.string().optional(),
  Status: z.string(),
  StartTimestamp: timestamp,
  EndTimestamp: timestamp.optional(),
});
export type ExecutionSummary = z.infer<typeof executionSummarySchema>;

export const listExecutionsSchema = z.looseObject({
  DurableExecutions: z.array(executionSummarySchema).default([]),
  NextMarker: z.string().optional(),
});

export const executionSchema = executionSummarySchema.extend({
  InputPayload: z.string().optional(),
  Result: z.string().optional(),
  Error: errorObject.optional(),
});
export type Execution = z.infer<typeof executionSchema>;

/** History events are folded by @coffee/execution-timeline, which reads them structurally. */
export const historySchema = z.looseObject({
  Events: z.array(z.looseObject({ EventType: z.string(), EventTimestamp: timestamp })).default([]),
  NextMarker: z.string().optional(),
});

export const functionsSchema = z.object({
  Functions: z.array(z.object({ FunctionName: z.string(), Durable: z.boolean() })),
});
export type RegisteredFunction = z.infer<typeof functionsSchema>["Functions"][number];

/** Lambda's error body: `Type` plus `message` or `Message`, as each exception spells it. */
export const lambdaErrorSchema = z.looseObject({
  message: z.string().optional(),
  Message: z.string().optional(),
});
