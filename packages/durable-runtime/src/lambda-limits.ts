/**
 * The Lambda limits this runtime holds handlers and callers to, and the words of the
 * validation messages Lambda answers when one is broken, in one place (client-lambda's model
 * and the service's quotas); where each applies is said at its use.
 */

/** Lambda's longest execution and longest wait or retry delay: 366 days, in seconds. */
export const MAX_DURATION_SECONDS = 31_622_400;
/** The same in milliseconds (a paused execution timeout still ends there). */
export const MAX_DURATION_MS = MAX_DURATION_SECONDS * 1000;
/** An operation's checkpointed payload, and a callback's result: 256 KiB. */
export const MAX_PAYLOAD_BYTES = 262_144;
/** A synchronous Invoke's request body: 6 MB. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
/** An asynchronous (Event) Invoke's payload: 1 MB. */
export const MAX_EVENT_PAYLOAD_BYTES = 1024 * 1024;

/**
 * Lambda's validation message: "1 validation error detected: Value 'x' at 'path' failed to
 * satisfy constraint: Member must ...". The value is cut to `shownChars`, and left out when
 * undefined (Lambda leaves sensitive members out).
 */
export function validationMessage(
  path: string,
  value: unknown,
  constraint: string,
  shownChars = 256,
): string {
  const shown =
    typeof value === "string" || typeof value === "number"
      ? ` '${String(value).slice(0, shownChars)}'`
      : Array.isArray(value)
        ? ` '[${value.join(", ").slice(0, shownChars)}]'`
        : "";
  return `1 validation error detected: Value${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

// Lambda's constraint messages, as its front end words them.
export const maxLength = (n: number) => `Member must have length less than or equal to ${n}`;
export const minLength = (n: number) => `Member must have length greater than or equal to ${n}`;
export const matching = (source: string) =>
  `Member must satisfy regular expression pattern: ${source}`;
