/** What a timeline view draws: plain JSON (ISO timestamps), so it crosses HTTP as it is. */

export type OperationKind =
  | "EXECUTION"
  | "STEP"
  | "WAIT"
  | "CALLBACK"
  | "CONTEXT"
  | "CHAINED_INVOKE";

/** An operation's status; RETRYING is a step whose failed attempt has another one scheduled. */
export type OperationStatus =
  | "STARTED"
  | "RETRYING"
  | "SUCCEEDED"
  | "FAILED"
  | "TIMED_OUT"
  | "CANCELLED"
  | "STOPPED";

export interface TimelineError {
  type?: string;
  message?: string;
  /** `ErrorData`: JSON text, as the handler serialised it. */
  data?: string;
  stackTrace?: string[];
}

/** One attempt of a step: its error if it failed, and the delay before the next one. */
export interface StepAttempt {
  attempt: number;
  startedAt?: string;
  endedAt?: string;
  error?: TimelineError;
  nextAttemptDelaySeconds?: number;
}

export interface TimelineOperation {
  id: string;
  parentId?: string;
  type: OperationKind;
  subType?: string;
  name?: string;
  status: OperationStatus;
  startedAt?: string;
  endedAt?: string;
  /** JSON text: a chained invoke's payload. */
  input?: string;
  /** JSON text as checkpointed (absent when the history was read without execution data). */
  result?: string;
  error?: TimelineError;
  /** Steps: every attempt so far. */
  attempts?: StepAttempt[];
  /** A step waiting to retry: when the next attempt is due. */
  nextAttemptAt?: string;
  /** Waits: the duration and when it falls due. */
  waitSeconds?: number;
  scheduledEndAt?: string;
  /** Callbacks: the id to answer with (a capability: leave it out where it must not travel). */
  callbackId?: string;
  timeoutSeconds?: number;
  heartbeatTimeoutSeconds?: number;
  /** Chained invokes: the function called and the child execution it runs as. */
  functionName?: string;
  childExecutionArn?: string;
}

/** One run of the handler (the first, or a replay), from the history's InvocationCompleted. */
export interface TimelineInvocation {
  startedAt?: string;
  endedAt?: string;
  requestId?: string;
  error?: TimelineError;
}

export interface ExecutionTimeline {
  executionArn: string;
  name: string;
  /** The function's name, from the execution's ARN. */
  functionName?: string;
  status: string;
  startedAt?: string;
  endedAt?: string;
  input?: string;
  result?: string;
  error?: TimelineError;
  invocations: TimelineInvocation[];
  operations: TimelineOperation[];
}
