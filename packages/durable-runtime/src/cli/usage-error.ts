/** A mistake in how the CLI was called (bad flag, missing file or export): exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly exitCode = 2;
}
