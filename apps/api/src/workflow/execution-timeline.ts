/**
 * The order's execution as the inspector draws it: the shared timeline model
 * (`@coffee/execution-timeline`, the same one the runtime console uses), with every callback id
 * taken out. Callback ids are capabilities: whoever holds one can answer for the customer or
 * the barista, so they never leave the server, not even inside a payload.
 */
import {
  buildTimeline,
  type ExecutionDescription,
  type ExecutionTimeline,
  type HistoryEvent,
} from "@coffee/execution-timeline";

export type { ExecutionTimeline, TimelineOperation } from "@coffee/execution-timeline";

export function buildShopTimeline(
  execution: ExecutionDescription,
  events: readonly HistoryEvent[],
): ExecutionTimeline {
  const timeline = buildTimeline(execution, events);
  const ids = timeline.operations.flatMap((op) => (op.callbackId ? [op.callbackId] : []));
  const scrub = (text: string) => ids.reduce((t, id) => t.split(id).join("[callback id]"), text);
  return JSON.parse(
    JSON.stringify(
      { ...timeline, operations: timeline.operations.map(({ callbackId: _, ...op }) => op) },
      (_key, value: unknown) => (typeof value === "string" ? scrub(value) : value),
    ),
  ) as ExecutionTimeline;
}
