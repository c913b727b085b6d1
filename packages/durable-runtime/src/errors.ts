/**
 * The package's one error class. `errorType` and `statusCode` are what the Lambda API answers
 * for the same situation, so the HTTP face maps errors without a table of its own, and
 * `$metadata.httpStatusCode` + `name` let every copy of the official SDK classify a failed
 * checkpoint exactly as it would classify the real service's answer.
 */
export type LambdaErrorType =
  | "ResourceNotFoundException"
  | "InvalidParameterValueException"
  | "DurableExecutionAlreadyStartedException"
  | "CallbackTimeoutException"
  | "ResourceConflictException"
  | "TooManyRequestsException"
  | "ServiceException";

const STATUS: Record<LambdaErrorType, number> = {
  ResourceNotFoundException: 404,
  InvalidParameterValueException: 400,
  DurableExecutionAlreadyStartedException: 409,
  CallbackTimeoutException: 400,
  ResourceConflictException: 409,
  TooManyRequestsException: 429,
  ServiceException: 500,
};

export type DurableRuntimeErrorCode =
  | "EXECUTION_NOT_FOUND"
  | "FUNCTION_NOT_FOUND"
  | "CALLBACK_NOT_FOUND"
  | "CALLBACK_CLOSED"
  | "EXECUTION_ALREADY_STARTED"
  | "EXECUTION_NOT_RUNNING"
  | "EXECUTION_CONFLICT"
  | "INVALID_CHECKPOINT_TOKEN"
  | "INVALID_CHECKPOINT"
  | "INVALID_PARAMETER"
  | "WAIT_TIMEOUT"
  | "OPERATION_NOT_FOUND"
  | "NOT_FIREABLE"
  | "RUNTIME_CLOSED"
  | StoreFailureCode;

/**
 * The store could not write (or read) for a reason outside the request: the caller may retry
 * later and nothing was half-written. The runtime retries its own work (timers, invocations)
 * with a backoff instead of failing executions.
 */
export type StoreFailureCode =
  | "STORE_FULL"
  | "STORE_READ_ONLY"
  | "STORE_IO_ERROR"
  | "STORE_CORRUPT"
  | "STORE_BUSY";

export class DurableRuntimeError extends Error {
  readonly code: DurableRuntimeErrorCode;
  readonly errorType: LambdaErrorType;
  readonly statusCode: number;
  /** Same shape as an AWS SDK service error, which is what the official SDK inspects. */
  readonly $metadata: { httpStatusCode: number };
  /**
   * The SDK's structural marker for transport errors that state their own scope: EXECUTION
   * (the execution cannot go on, fail it) or INVOCATION (end this invocation, resume later).
   */
  readonly isDurableExecutionClientError = true;
  readonly scope: "EXECUTION" | "INVOCATION";

  constructor(
    code: DurableRuntimeErrorCode,
    errorType: LambdaErrorType,
    message: string,
    options?: { cause?: unknown; scope?: "EXECUTION" | "INVOCATION" },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = errorType;
    this.code = code;
    this.errorType = errorType;
    this.statusCode = STATUS[errorType];
    this.$metadata = { httpStatusCode: this.statusCode };
    this.scope = options?.scope ?? (this.statusCode < 500 ? "EXECUTION" : "INVOCATION");
  }
}

export const executionNotFound = (arn: string) =>
  new DurableRuntimeError(
    "EXECUTION_NOT_FOUND",
    "ResourceNotFoundException",
    `Durable execution not found: ${arn}`,
  );

export const functionNotFound = (functionName: string) =>
  new DurableRuntimeError(
    "FUNCTION_NOT_FOUND",
    "ResourceNotFoundException",
    `Function not found: ${functionName}`,
  );

export const callbackNotFound = (callbackId: string) =>
  new DurableRuntimeError(
    "CALLBACK_NOT_FOUND",
    "ResourceNotFoundException",
    `Callback not found: ${callbackId}`,
  );

/** Same execution name, another payload (the same payload answers the existing execution). */
export const alreadyStarted = (name: string) =>
  new DurableRuntimeError(
    "EXECUTION_ALREADY_STARTED",
    "DurableExecutionAlreadyStartedException",
    `Execution ${name} already started with a different payload`,
  );

/** waitForCompletion gave up (not a Lambda error: the runtime's own polling helper). */
export const waitTimedOut = (arn: string, timeoutMs: number) =>
  new DurableRuntimeError(
    "WAIT_TIMEOUT",
    "ServiceException",
    `Execution did not finish within ${timeoutMs} ms: ${arn}`,
  );

/** The runtime was closed: the caller's invocation ends, the execution resumes on restart. */
export const runtimeClosed = () =>
  new DurableRuntimeError("RUNTIME_CLOSED", "ServiceException", "Runtime is closed", {
    scope: "INVOCATION",
  });

/** The execution's status does not allow the request (pause a finished one, delete a running one). */
export const executionConflict = (message: string) =>
  new DurableRuntimeError("EXECUTION_CONFLICT", "ResourceConflictException", message);

export const invalidParameter = (message: string) =>
  new DurableRuntimeError("INVALID_PARAMETER", "InvalidParameterValueException", message);

/** A stale or foreign token ends the invocation (the SDK retries it), not the execution. */
export const invalidCheckpointToken = (detail: string) =>
  new DurableRuntimeError(
    "INVALID_CHECKPOINT_TOKEN",
    "InvalidParameterValueException",
    `Invalid Checkpoint Token: ${detail}`,
    { scope: "INVOCATION" },
  );

const STORE_FAILURES: ReadonlySet<string> = new Set<StoreFailureCode>([
  "STORE_FULL",
  "STORE_READ_ONLY",
  "STORE_IO_ERROR",
  "STORE_CORRUPT",
  "STORE_BUSY",
]);

/** A 500 `ServiceException` scoped to the invocation: the SDK ends it and the runtime retries. */
export const storeFailure = (code: StoreFailureCode, message: string, cause?: unknown) =>
  new DurableRuntimeError(code, "ServiceException", message, { cause, scope: "INVOCATION" });

export const isStoreFailure = (error: unknown): error is DurableRuntimeError =>
  error instanceof DurableRuntimeError && STORE_FAILURES.has(error.code);
