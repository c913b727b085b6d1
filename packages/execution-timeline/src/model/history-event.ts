/**
 * The part of Lambda's history `Event` (and `GetDurableExecution` answer) the timeline reads.
 * Structural, so `@aws-sdk/client-lambda`'s types (timestamps as `Date`) and the wire JSON of
 * the HTTP API (epoch seconds) both fit, and a browser bundle needs no AWS SDK.
 */
export type Timestamp = Date | number | string;

export interface WireErrorObject {
  ErrorType?: string;
  ErrorMessage?: string;
  ErrorData?: string;
  StackTrace?: string[];
}

interface PayloadOf {
  Payload?: string;
  Truncated?: boolean;
}
interface ErrorOf {
  Payload?: WireErrorObject;
  Truncated?: boolean;
}
interface RetryDetails {
  CurrentAttempt?: number;
  NextAttemptDelaySeconds?: number;
}
interface Ended {
  Result?: PayloadOf;
  Error?: ErrorOf;
  RetryDetails?: RetryDetails;
}

export interface HistoryEvent {
  EventType?: string;
  EventId?: number;
  EventTimestamp?: Timestamp;
  Id?: string;
  Name?: string;
  ParentId?: string;
  SubType?: string;
  ExecutionStartedDetails?: { Input?: PayloadOf; ExecutionTimeout?: number };
  ExecutionSucceededDetails?: Ended;
  ExecutionFailedDetails?: Ended;
  ExecutionTimedOutDetails?: Ended;
  ExecutionStoppedDetails?: Ended;
  StepSucceededDetails?: Ended;
  StepFailedDetails?: Ended;
  WaitStartedDetails?: { Duration?: number; ScheduledEndTimestamp?: Timestamp };
  CallbackStartedDetails?: { CallbackId?: string; Timeout?: number; HeartbeatTimeout?: number };
  CallbackSucceededDetails?: Ended;
  CallbackFailedDetails?: Ended;
  CallbackTimedOutDetails?: Ended;
  ContextSucceededDetails?: Ended;
  ContextFailedDetails?: Ended;
  ChainedInvokeStartedDetails?: {
    FunctionName?: string;
    Input?: PayloadOf;
    DurableExecutionArn?: string;
  };
  ChainedInvokeSucceededDetails?: Ended;
  ChainedInvokeFailedDetails?: Ended;
  ChainedInvokeTimedOutDetails?: Ended;
  ChainedInvokeStoppedDetails?: Ended;
  InvocationCompletedDetails?: {
    StartTimestamp?: Timestamp;
    EndTimestamp?: Timestamp;
    RequestId?: string;
    Error?: ErrorOf;
  };
}

/** `GetDurableExecution`'s answer, the fields the timeline shows. */
export interface ExecutionDescription {
  DurableExecutionArn?: string;
  DurableExecutionName?: string;
  FunctionArn?: string;
  Status?: string;
  StartTimestamp?: Timestamp;
  EndTimestamp?: Timestamp;
  InputPayload?: string;
  Result?: string;
  Error?: WireErrorObject;
}
