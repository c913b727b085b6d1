import type { Event, Operation } from "../types.js";

/**
 * JSON encoding of operations and events for stores that keep text. Timestamps travel as ISO
 * strings and come back as Dates, the way the Lambda client deserializes them.
 */
export const encodeRow = (value: Operation | Event): string => JSON.stringify(value);

const toDate = (v: unknown): Date | undefined => (typeof v === "string" ? new Date(v) : undefined);

export const decodeOperation = (text: string): Operation => {
  const op = JSON.parse(text) as Operation;
  if (op.StartTimestamp) op.StartTimestamp = toDate(op.StartTimestamp);
  if (op.EndTimestamp) op.EndTimestamp = toDate(op.EndTimestamp);
  if (op.StepDetails?.NextAttemptTimestamp)
    op.StepDetails.NextAttemptTimestamp = toDate(op.StepDetails.NextAttemptTimestamp);
  if (op.WaitDetails?.ScheduledEndTimestamp)
    op.WaitDetails.ScheduledEndTimestamp = toDate(op.WaitDetails.ScheduledEndTimestamp);
  return op;
};

export const decodeEvent = (text: string): Event => {
  const ev = JSON.parse(text) as Event;
  if (ev.EventTimestamp) ev.EventTimestamp = toDate(ev.EventTimestamp);
  const wait = ev.WaitStartedDetails;
  if (wait?.ScheduledEndTimestamp) wait.ScheduledEndTimestamp = toDate(wait.ScheduledEndTimestamp);
  const inv = ev.InvocationCompletedDetails;
  if (inv) {
    inv.StartTimestamp = toDate(inv.StartTimestamp);
    inv.EndTimestamp = toDate(inv.EndTimestamp);
  }
  return ev;
};
