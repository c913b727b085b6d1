import { RuntimeApiError } from "./api/runtime-client.js";

/** An error as the console shows it: the runtime's own message, with its Lambda error type. */
export function describeError(error: unknown): string {
  if (error instanceof RuntimeApiError) return `${error.errorType}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
