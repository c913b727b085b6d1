import type { ConformanceCase } from "./two-engines.js";

/**
 * Where the official LocalDurableTestRunner and this runtime part ways on purpose, each with
 * the reason and what this runtime must show instead (see ConformanceCase.divergence and
 * withoutOfficial), and the family of callback cases the suite runs per callback kind.
 */

/**
 * A timed-out callback's ErrorObject: the official emulator leaves ErrorType out; the service
 * (AWS's conformance suite, requirements 4-3 and 4-4) writes "Callback.Timeout" for a callback
 * that outlived its timeout and "Callback.Heartbeat" for one that missed a heartbeat. The SDK
 * throws a CallbackTimeoutError either way and only the cause's name, taken from ErrorType,
 * differs.
 */
export const callbackTimeoutType = (
  errorType: "Callback.Timeout" | "Callback.Heartbeat",
): ConformanceCase["divergence"] => ({
  why: "the official emulator leaves out the service's ErrorType of a callback timeout",
  ours: (official) => {
    const result = structuredClone(official.result) as { threw: { cause: { name: string } } };
    result.threw.cause.name = errorType;
    return { ...official, result };
  },
});

/**
 * The execution ends while these waits are still due: on the service they never end. The
 * official runner (skipTime) ends every wait at once, so its history shows them ended.
 */
export const unfinishedWaits = (
  why: string,
  ...waits: string[]
): ConformanceCase["divergence"] => ({
  why: `${why}; skipTime records waits the service would not have ended`,
  ours: (official) => {
    const history = { ...(official.history as Record<string, string[]>) };
    for (const key of waits) history[key] = ["WaitStarted"];
    return { ...official, history };
  },
});

/**
 * A checkpoint the service refuses, its update breaking a constraint of Lambda's API model
 * (WaitSeconds and NextAttemptDelaySeconds at least 1; a Name of at most 256 printable ASCII
 * characters; a SubType of at most 32 of [a-zA-Z0-9-_]). The SDK fails the execution on that
 * 4xx answer, before anything of the refused checkpoint is recorded. The official emulator
 * checks none of these and runs the handler to its end.
 */
export const refusedByService = (
  field: string,
  value: string,
  constraint: string,
  history: string[] = [],
): ConformanceCase["divergence"] =>
  refusedCheckpoint(
    `${field} '${value}' breaks the service's constraint: ${constraint}`,
    "1 validation error detected: " +
      `Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`,
    history,
  );

/** A checkpoint the service refuses (`why`), failing the execution with `message`. */
export const refusedCheckpoint = (
  why: string,
  message: string,
  history: string[] = [],
): ConformanceCase["divergence"] => ({
  why,
  ours: (official) => ({
    ...official,
    status: "FAILED",
    result: undefined,
    error: {
      type: "CheckpointUnrecoverableExecutionError",
      message: `[Unrecoverable Execution] Checkpoint failed: ${message}`,
      data: undefined,
    },
    history,
    trace: official.trace.slice(0, 1),
  }),
});
export const atLeastOneSecond = "Member must be an integer between 1 and 31622400";

/**
 * A waitForCondition that fails on its last attempt (one attempt per trace line), caught by
 * the handler. The official runner answers such a case only on its first run in a process:
 * later runs poll the retry in-process and end in CheckpointUnrecoverableInvocationError
 * "Invalid current STEP state to close" for the SDK's START + FAIL of a READY step, which its
 * own rules allow (READY -> STARTED -> FAILED). Expected: what its first run answers.
 */
export function conditionFailed(
  name: string,
  message: string,
  trace: string[],
): ConformanceCase["withoutOfficial"] {
  const attempt = (end: string) => [
    `StepStarted WaitForCondition ${name}`,
    `${end} WaitForCondition ${name}`,
  ];
  return {
    why: "the official runner fails this after its first run in a process",
    expected: {
      status: "SUCCEEDED",
      result: {
        threw: {
          constructor: "StepError",
          name: "StepError",
          message,
          errorType: "StepError",
          cause: { constructor: "Error", name: "Error", message },
        },
      },
      error: undefined,
      trace,
      history: [
        ...trace.slice(1).flatMap(() => attempt("StepSucceeded")),
        ...attempt("StepFailed"),
      ],
    },
  };
}

/**
 * A callback answered, failed, timed out, timed out on its heartbeat, and kept alive by a
 * heartbeat past its heartbeat timeout, for a handler that waits on the callback named `op`.
 */
export function callbackCases(
  label: string,
  handler: ConformanceCase["handler"],
  op: string,
  timeoutDivergence?: typeof callbackTimeoutType,
): ConformanceCase[] {
  const timedOut = (errorType: "Callback.Timeout" | "Callback.Heartbeat") =>
    timeoutDivergence ? { divergence: timeoutDivergence(errorType) } : {};
  return [
    {
      name: `${label} answered`,
      handler,
      input: { timeoutSeconds: 60 },
      drive: [{ callback: op, send: "success", result: '{"paid":true}' }],
    },
    {
      name: `${label} failed`,
      handler,
      input: { timeoutSeconds: 60 },
      drive: [
        {
          callback: op,
          send: "failure",
          error: { ErrorType: "CardDeclined", ErrorMessage: "card declined", ErrorData: "51" },
        },
      ],
    },
    {
      name: `${label} timed out`,
      handler,
      input: { timeoutSeconds: 1 },
      ...timedOut("Callback.Timeout"),
    },
    {
      name: `${label} heartbeat timed out`,
      handler,
      input: { timeoutSeconds: 60, heartbeatSeconds: 1 },
      ...timedOut("Callback.Heartbeat"),
    },
    {
      name: `${label} kept alive by a heartbeat`,
      handler,
      // 3.5 s, heartbeat, 3.5 s: past a 6 s heartbeat timeout only if the heartbeat counted.
      // Real time on the official runner: each gap leaves 2.5 s for a loaded machine to be
      // late (with 2 s and 1.2 s gaps, 0.8 s, it failed now and then under the suite's load).
      input: { timeoutSeconds: 60, heartbeatSeconds: 6 },
      drive: [
        { advanceMs: 3500 },
        { callback: op, send: "heartbeat" },
        { advanceMs: 3500 },
        { callback: op, send: "success", result: '"late but alive"' },
      ],
    },
  ];
}

/**
 * A chained invoke the official runner cannot run (`why`), ending with `event` and `message`:
 * the SDK throws the handler (`invokeAndReport`) an InvokeError with the target's message.
 */
export function invokeEndedWith(
  event: string,
  message: string,
  why: string,
): ConformanceCase["withoutOfficial"] {
  return {
    skip: true,
    why,
    expected: {
      status: "SUCCEEDED",
      result: {
        threw: {
          constructor: "InvokeError",
          name: "InvokeError",
          message,
          errorType: "InvokeError",
          cause: { constructor: "Error", name: "Error", message },
        },
      },
      error: undefined,
      trace: [],
      history: ["ChainedInvokeStarted ChainedInvoke call", `${event} ChainedInvoke call`],
    },
  };
}
