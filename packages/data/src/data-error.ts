/** The data layer's one error class, with a machine-readable code. */

export type DataErrorCode =
  | "ORDER_NOT_FOUND"
  | "ORDER_EXISTS"
  | "TRANSITION_REJECTED"
  | "INVALID_RECORD"
  | "PUBLISH_FAILED";

export class DataError extends Error {
  override readonly name = "DataError";
  constructor(
    readonly code: DataErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
