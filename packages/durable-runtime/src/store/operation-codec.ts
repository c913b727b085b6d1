import type { Event, Operation } from "../types.js";

/**
 * JSON encoding of operations and events for stores that keep text. Timestamps are stored as
 * epoch milliseconds (Date#toJSON costs four times the rest of the encoding) and come back as
 * Dates, the way the Lambda client deserializes them. ISO strings are read too.
 */
const ms = (d: Date | undefined): number | undefined => d?.getTime();
const toDate = (v: unknown): Date | undefined =>
  typeof v === "number" || typeof v === "string" ? new Date(v) : undefined;

export const encodeOperation = (op: Operation): string => {
  const row: Record<string, unknown> = {
    ...op,
    StartTimestamp: ms(op.StartTimestamp),
    EndTimestamp: ms(op.EndTimestamp),
  };
  if (op.StepDetails?.NextAttemptTimestamp) {
    row.StepDetails = {
      ...op.StepDetails,
      NextAttemptTimestamp: ms(op.StepDetails.NextAttemptTimestamp),
    };
  }
  if (op.WaitDetails?.ScheduledEndTimestamp) {
    row.WaitDetails = {
      ...op.WaitDetails,
      ScheduledEndTimestamp: ms(op.WaitDetails.ScheduledEndTimestamp),
    };
  }
  return JSON.stringify(row);
};

export const decodeOperation = (text: string): Operation =>
  reviveOperation(JSON.parse(text) as Operation);

/** A JSON array of encoded operations, as the checkpoint log keeps them. */
export const decodeOperations = (text: string): Operation[] =>
  (JSON.parse(text) as Operation[]).map(reviveOperation);

const reviveOperation = (op: Operation): Operation => {
  if (op.StartTimestamp !== undefined) op.StartTimestamp = toDate(op.StartTimestamp);
  if (op.EndTimestamp !== undefined) op.EndTimestamp = toDate(op.EndTimestamp);
  if (op.StepDetails?.NextAttemptTimestamp !== undefined)
    op.StepDetails.NextAttemptTimestamp = toDate(op.StepDetails.NextAttemptTimestamp);
  if (op.WaitDetails?.ScheduledEndTimestamp !== undefined)
    op.WaitDetails.ScheduledEndTimestamp = toDate(op.WaitDetails.ScheduledEndTimestamp);
  return op;
};

export const encodeEvent = (ev: Event): string => {
  const row: Record<string, unknown> = { ...ev, EventTimestamp: ms(ev.EventTimestamp) };
  if (ev.WaitStartedDetails) {
    row.WaitStartedDetails = {
      ...ev.WaitStartedDetails,
      ScheduledEndTimestamp: ms(ev.WaitStartedDetails.ScheduledEndTimestamp),
    };
  }
  if (ev.InvocationCompletedDetails) {
    row.InvocationCompletedDetails = {
      ...ev.InvocationCompletedDetails,
      StartTimestamp: ms(ev.InvocationCompletedDetails.StartTimestamp),
      EndTimestamp: ms(ev.InvocationCompletedDetails.EndTimestamp),
    };
  }
  if (ev.ExecutionPausedDetails) {
    row.ExecutionPausedDetails = {
      ...ev.ExecutionPausedDetails,
      PauseRequestTimestamp: ms(ev.ExecutionPausedDetails.PauseRequestTimestamp),
    };
  }
  if (ev.ExecutionResumedDetails) {
    row.ExecutionResumedDetails = {
      ...ev.ExecutionResumedDetails,
      ResumeRequestTimestamp: ms(ev.ExecutionResumedDetails.ResumeRequestTimestamp),
    };
  }
  return JSON.stringify(row);
};

export const decodeEvents = (text: string): Event[] =>
  (JSON.parse(text) as Event[]).map(reviveEvent);

const reviveEvent = (ev: Event): Event => {
  if (ev.EventTimestamp !== undefined) ev.EventTimestamp = toDate(ev.EventTimestamp);
  const wait = ev.WaitStartedDetails;
  if (wait?.ScheduledEndTimestamp !== undefined)
    wait.ScheduledEndTimestamp = toDate(wait.ScheduledEndTimestamp);
  const inv = ev.InvocationCompletedDetails;
  if (inv) {
    inv.StartTimestamp = toDate(inv.StartTimestamp);
    inv.EndTimestamp = toDate(inv.EndTimestamp);
  }
  const paused = ev.ExecutionPausedDetails;
  if (paused) paused.PauseRequestTimestamp = toDate(paused.PauseRequestTimestamp);
  const resumed = ev.ExecutionResumedDetails;
  if (resumed) resumed.ResumeRequestTimestamp = toDate(resumed.ResumeRequestTimestamp);
  return ev;
};
