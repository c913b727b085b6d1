import type { TimelineError } from "../model/timeline.js";

/** "Type: message", the way an error reads in a row. */
export function errorText(error: TimelineError): string {
  return `${error.type ?? "Error"}: ${error.message ?? ""}`.trim();
}
