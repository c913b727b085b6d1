/** The web app's one error class: what went wrong with a call to the API, by machine code. */

export type ApiErrorCode =
  /** A code the API answered with, e.g. `INVALID_STATE`, `TOKEN_EXHAUSTED`. */
  | (string & {})
  /** The request never got an answer (API down, offline). */
  | "NETWORK"
  /** The answer did not have the documented shape. */
  | "BAD_RESPONSE";

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: ApiErrorCode;
  /** HTTP status; 0 when there was no answer. */
  readonly status: number;
  /** Extra fields of the error body, e.g. `{status: "ACCEPTED"}` on a 409. */
  readonly details: Record<string, unknown>;

  constructor(
    code: ApiErrorCode,
    message: string,
    options: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 0;
    this.details = options.details ?? {};
  }
}

/** A message fit for a person, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "NETWORK") return "Cannot reach the coffee bar right now. Retrying…";
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
