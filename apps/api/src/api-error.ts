/** The API's one error class: a machine-readable code that the error handler maps to HTTP. */

export type ApiErrorCode =
  | "VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "INVALID_STATE"
  | "TOKEN_INVALID"
  | "TOKEN_EXPIRED"
  | "TOKEN_EXHAUSTED"
  | "ORDER_EXISTS"
  | "STORE_CLOSED"
  | "QUEUE_FULL"
  | "CUSTOMER_LIMIT"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "UPSTREAM_FAILED"
  /** The disk that holds the data is full: nothing can be saved until there is space. */
  | "STORAGE_FULL"
  /** The disk that holds the data is read-only: nothing can be saved until it is writable. */
  | "STORAGE_READ_ONLY";

export type ApiErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 502 | 503;

const STATUS: Record<ApiErrorCode, ApiErrorStatus> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  TOKEN_INVALID: 403,
  TOKEN_EXPIRED: 403,
  TOKEN_EXHAUSTED: 409,
  ORDER_EXISTS: 409,
  STORE_CLOSED: 409,
  QUEUE_FULL: 409,
  CUSTOMER_LIMIT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UPSTREAM_FAILED: 502,
  STORAGE_FULL: 503,
  STORAGE_READ_ONLY: 503,
};

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: ApiErrorCode;
  /** Extra fields sent with the error, e.g. `{status}` on a 409 or `{retryAfter}` on a 429. */
  readonly details: Record<string, unknown>;

  constructor(
    code: ApiErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }

  get status(): ApiErrorStatus {
    return STATUS[this.code];
  }
}

/** 409 for an action the order's current status does not allow; carries that status. */
export function invalidState(status: string, message: string): ApiError {
  return new ApiError("INVALID_STATE", `${message} (order is ${status})`, {
    details: { status },
  });
}
