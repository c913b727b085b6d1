import type { Event } from "@aws-sdk/client-lambda";

/**
 * Histories reduced to what two engines must agree on: each event's type, subtype and name,
 * in order. Execution and invocation events are left out (engines invoke differently).
 */
export const historyShape = (events: Event[]): string[] =>
  events
    .filter((e) => e.EventType !== "InvocationCompleted" && !e.EventType?.startsWith("Execution"))
    .map((e) => `${e.EventType} ${e.SubType ?? "-"} ${e.Name ?? "-"}`);

/**
 * The same, grouped by operation (subtype and name): when branches run concurrently only
 * each operation's own sequence of event types is fixed.
 */
export const historyPerOperation = (events: Event[]): Record<string, string[]> => {
  const byOp = new Map<string, string[]>();
  for (const line of historyShape(events)) {
    const [type, ...rest] = line.split(" ");
    const opKey = rest.join(" ");
    byOp.set(opKey, [...(byOp.get(opKey) ?? []), type!]);
  }
  return Object.fromEntries([...byOp].sort(([a], [b]) => (a < b ? -1 : 1)));
};
