/** Test fixtures for @coffee/durable-runtime: official-SDK handlers and history helpers. */

export {
  HISTORY_FIXTURE_FORMAT,
  type HistoryFixture,
  recordHistoryFixture,
} from "../http/history-fixture.js";
export { openCallbackId } from "./callbacks.js";
export { gate, historyTypes, manualRuntime, runToCompletion, testStores } from "./fixture.js";
export {
  approval,
  atMostOnce,
  childContext,
  countRun,
  crashable,
  doubler,
  failing,
  fanOut,
  flakyStep,
  invoker,
  largeResult,
  nonDeterministic,
  pollUntil,
  sequentialSteps,
  stepRuns,
  stepWaitStep,
} from "./handlers.js";
export {
  type Divergence,
  NonDeterministicReplayError,
  type RecordedHistory,
  type ReplayOutcome,
  replayHistory,
} from "./replay/replay-history.js";
