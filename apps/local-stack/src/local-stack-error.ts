/** The local stack's one error type: why it cannot start, with a code and a message to print. */
export type LocalStackErrorCode =
  /** A port it needs is taken; the message names it and the variable that picks another. */
  | "PORT_IN_USE"
  /** DATA_DIR's disk is full; the message names the directory and the cause. */
  | "DATA_DIR_FULL"
  /** DATA_DIR cannot be written (a read-only disk, no permission); the message says which. */
  | "DATA_DIR_READ_ONLY";

export class LocalStackError extends Error {
  override readonly name = "LocalStackError";
  constructor(
    readonly code: LocalStackErrorCode,
    message: string,
  ) {
    super(message);
  }
}
