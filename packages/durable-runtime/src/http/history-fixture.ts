/**
 * An execution's history as a JSON fixture: what `GET /console/api/.../fixture` answers and the
 * console's export button saves, and what `replayHistory` (`@coffee/durable-runtime/testing`)
 * replays against a handler. Timestamps are ISO strings, so the file reads and diffs well.
 */
import type { Event, GetDurableExecutionResponse } from "@aws-sdk/client-lambda";
import type { RuntimeFace } from "./runtime-face.js";

export const HISTORY_FIXTURE_FORMAT = "durable-execution-history@1";

export interface HistoryFixture {
  format: typeof HISTORY_FIXTURE_FORMAT;
  execution: GetDurableExecutionResponse;
  /** Every event, oldest first, with execution data (inputs, results, errors). */
  events: Event[];
}

/** Reads the whole history of one execution, page by page, with its payloads. */
export async function recordHistoryFixture(
  runtime: Pick<RuntimeFace, "getExecution" | "getExecutionHistory">,
  arn: string,
): Promise<HistoryFixture> {
  const execution = await runtime.getExecution(arn);
  const events: Event[] = [];
  let marker: string | undefined;
  do {
    const page = await runtime.getExecutionHistory(arn, {
      includeExecutionData: true,
      maxItems: 1000,
      marker,
    });
    events.push(...(page.Events ?? []));
    marker = page.NextMarker;
  } while (marker);
  return { format: HISTORY_FIXTURE_FORMAT, execution, events };
}
