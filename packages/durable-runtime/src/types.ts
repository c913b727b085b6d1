/**
 * Wire types are those of `@aws-sdk/client-lambda`, so every face answers with Lambda's field
 * names; the records below are what the store keeps.
 */
import type {
  ErrorObject,
  Event,
  Execution,
  ExecutionStatus,
  GetDurableExecutionResponse,
  Operation,
  OperationUpdate,
} from "@aws-sdk/client-lambda";

export type {
  ErrorObject,
  Event,
  ExecutionStatus,
  GetDurableExecutionResponse,
  Operation,
  OperationUpdate,
};
/** One row of ListDurableExecutionsByFunction (Lambda calls the shape `Execution`). */
export type ExecutionSummary = Execution;

/** An execution as stored: small, rewritten once per invocation, never per step. */
export interface ExecutionRecord {
  arn: string;
  functionName: string;
  qualifier: string;
  name: string;
  status: ExecutionStatus;
  /** The EXECUTION operation's id (operation 0). */
  rootOperationId: string;
  inputPayload: string;
  result?: string;
  error?: ErrorObject;
  startMs: number;
  endMs?: number;
  /** Seconds; undefined = no execution timeout. */
  timeoutSeconds?: number;
  invocationCount: number;
  /** Consecutive invocations that threw; drives the invocation retry backoff. */
  failedInvocations: number;
  /** Something became ready: the execution needs an invocation. */
  wake: boolean;
  /** An invocation was running; after a crash it must be run again. */
  inFlight: boolean;
  /** Operations that changed between invocations (UpdatedOperationIds of the next one). */
  updatedOperationIds: string[];
  /** The pause in force while PAUSING or PAUSED (PauseDurableExecution). */
  pause?: { requestMs: number; reason?: string; timeoutPaused: boolean };
  /** Time spent paused with the execution timeout paused: the timeout moves out by it. */
  pausedMs?: number;
  /** Pause and resume requests' ClientTokens of the last 15 minutes, with what they asked. */
  clientTokens?: { token: string; request: string; atMs: number }[];
  /** DELETING: when DeleteDurableExecution was asked. */
  deletionRequestMs?: number;
  /**
   * Child executions of this one's chained invokes that ended while one of its invocations
   * ran: their results are recorded once that invocation has ended, as the service orders
   * them (after its InvocationCompleted).
   */
  endedChildren?: string[];
  /** The parent's CHAINED_INVOKE operation when this execution was started by one. */
  parent?: { arn: string; operationId: string };
}

export type TimerKind =
  | "WAIT"
  | "RETRY"
  | "CALLBACK_TIMEOUT"
  | "CALLBACK_HEARTBEAT"
  | "EXECUTION_TIMEOUT"
  | "INVOCATION_RETRY"
  /** DeleteDurableExecution's deletion, due at once: durable, so a crash cannot lose it. */
  | "DELETION";

/** A durable timer: at most one per (execution, key). */
export interface TimerRecord {
  arn: string;
  /** Unique per execution, e.g. `WAIT:<opId>`. */
  key: string;
  kind: TimerKind;
  operationId?: string;
  dueMs: number;
}

export interface CallbackRecord {
  callbackId: string;
  arn: string;
  operationId: string;
  /** Heartbeat timeout, kept so a heartbeat can re-arm its timer. */
  heartbeatSeconds?: number;
}

export interface ListExecutionsQuery {
  functionName: string;
  statuses?: ExecutionStatus[];
  executionName?: string;
  startedAfterMs?: number;
  startedBeforeMs?: number;
  reverseOrder?: boolean;
  /** Position after which to continue (opaque to callers). */
  after?: string;
  limit: number;
}

export interface EventPage {
  afterEventId?: number;
  limit: number;
  reverseOrder?: boolean;
}

// Requests shared by DurableRuntime and the HTTP face (RuntimeFace): one shape per operation.

/** Invoke with DurableExecutionName. */
export interface StartExecutionRequest {
  functionName: string;
  input?: unknown;
  executionName?: string;
  qualifier?: string;
}

/** GetDurableExecutionHistory's options. */
export interface HistoryRequest {
  includeExecutionData?: boolean;
  marker?: string;
  maxItems?: number;
  reverseOrder?: boolean;
}

/** ListDurableExecutionsByFunction. */
export interface ListExecutionsRequest {
  functionName: string;
  statuses?: ExecutionStatus[];
  executionName?: string;
  startedAfter?: Date;
  startedBefore?: Date;
  marker?: string;
  maxItems?: number;
  reverseOrder?: boolean;
}

/** CheckpointDurableExecution's body. */
export interface CheckpointRequest {
  CheckpointToken: string;
  Updates?: OperationUpdate[];
  ClientToken?: string;
}

/** GetDurableExecutionState's options. */
export interface StateRequest {
  CheckpointToken: string;
  Marker?: string;
  MaxItems?: number;
}

/** PauseDurableExecution's options (ExecutionTimeoutPaused defaults to true). */
export interface PauseRequest {
  clientToken?: string;
  reason?: string;
  executionTimeoutPaused?: boolean;
}

/** ResumeDurableExecution's options. */
export interface ResumeRequest {
  clientToken?: string;
  reason?: string;
}
