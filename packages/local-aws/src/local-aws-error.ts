/** The one error type of @coffee/local-aws. */
export type LocalAwsErrorCode =
  /** The port asked for is taken (the code Node gives `listen`, so callers can treat both alike). */
  | "EADDRINUSE"
  /** The local DynamoDB cannot open its data directory: the message names it and the cause. */
  | "STORAGE_UNAVAILABLE"
  /** The local DynamoDB's process failed to start or ended before it was asked to. */
  | "SERVER_FAILED";

export class LocalAwsError extends Error {
  override readonly name = "LocalAwsError";
  constructor(
    readonly code: LocalAwsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
