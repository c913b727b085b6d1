/**
 * The Lambda limits this runtime holds handlers and callers to, in one place (client-lambda's
 * model and the service's quotas); where each applies is said at its use.
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
