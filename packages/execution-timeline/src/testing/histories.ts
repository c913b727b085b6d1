/**
 * Histories recorded from @coffee/durable-runtime (GetDurableExecution and
 * GetDurableExecutionHistory with execution data, timestamps as ISO strings): a step retrying
 * and then succeeded on its third attempt, a callback pending with a heartbeat timeout, and a
 * chained invoke.
 */
import type { ExecutionDescription, HistoryEvent } from "../model/index.js";
import recorded from "./histories.json" with { type: "json" };

export interface RecordedHistory {
  execution: ExecutionDescription;
  events: HistoryEvent[];
}

export const histories = recorded as Record<
  "flakyRetrying" | "flakySucceeded" | "approvalPending" | "invoker",
  RecordedHistory
>;
