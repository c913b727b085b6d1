/** The timeline model: a durable execution's history as operations, attempts and invocations. */
export { buildTimeline, isoTime } from "./build-timeline.js";
export { formatDuration, formatMoment, formatSeconds, prettyPayload } from "./format.js";
export type {
  ExecutionDescription,
  HistoryEvent,
  Timestamp,
  WireErrorObject,
} from "./history-event.js";
export type {
  ExecutionTimeline,
  OperationKind,
  OperationStatus,
  StepAttempt,
  TimelineError,
  TimelineInvocation,
  TimelineOperation,
} from "./timeline.js";
