/** The data layer's one error class, with a machine-readable code. */

export type DataErrorCode =
  | "ORDER_NOT_FOUND"
  | "TRANSITION_REJECTED"
  | "INVALID_RECORD"
  | "PUBLISH_FAILED"
  /** A transaction was cancelled for a reason other than a condition (conflicts, throttling). */
  | "TRANSACTION_CANCELLED";

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
