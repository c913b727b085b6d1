import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import * as batchEdge from "./testing/conformance/batch-edge-handlers.js";
import * as batch from "./testing/conformance/batch-handlers.js";
import * as cb from "./testing/conformance/callback-handlers.js";
import * as child from "./testing/conformance/child-handlers.js";
import {
  atLeastOneSecond,
  callbackCases,
  callbackTimeoutType,
  conditionFailed,
  invokeEndedWith,
  refusedByService,
  refusedCheckpoint,
  unfinishedWaits,
} from "./testing/conformance/divergences.js";
import { durableTimeViolations } from "./testing/conformance/durable-time.js";
import * as top from "./testing/conformance/handler-level.js";
import * as step from "./testing/conformance/step-handlers.js";
import {
  type Comparable,
  type ConformanceCase,
  comparable,
  type Outcome,
  runOfficial,
  runOurs,
} from "./testing/conformance/two-engines.js";
import * as wait from "./testing/conformance/wait-handlers.js";
import { testStores } from "./testing/fixture.js";

/** Where the filesystem-serdes case writes its payloads (both engines; removed after). */
const serdesDir = mkdtempSync(join(tmpdir(), "conformance-serdes-"));
afterAll(() => rmSync(serdesDir, { recursive: true, force: true }));

/**
 * The conformance suite: official-SDK handlers using every feature a handler can reach, run on
 * the SDK's own LocalDurableTestRunner and on this runtime (both stores). Status, result or
 * error, what the handler observed (its result and its trace of side effects) and the history
 * shape must agree. The official run of a case is done once and shared by both stores.
 */
const cases: ConformanceCase[] = [
  // map and parallel
  {
    name: "map, maxConcurrency 2, failures within toleratedFailureCount",
    handler: batch.mapWithCompletion,
    input: { items: [1, 2, 3, 4, 5, 6], fail: [3, 6], maxConcurrency: 2, toleratedFailureCount: 2 },
    concurrent: true,
  },
  {
    name: "map, one at a time, minSuccessful reached",
    handler: batch.mapWithCompletion,
    input: { items: [1, 2, 3, 4, 5], fail: [2], maxConcurrency: 1, minSuccessful: 2 },
  },
  {
    name: "map, one at a time, toleratedFailureCount exceeded",
    handler: batch.mapWithCompletion,
    input: { items: [1, 2, 3, 4], fail: [1, 2], maxConcurrency: 1, toleratedFailureCount: 1 },
  },
  {
    name: "map, one at a time, toleratedFailurePercentage exceeded",
    handler: batch.mapWithCompletion,
    input: { items: [1, 2, 3, 4], fail: [2, 3], maxConcurrency: 1, toleratedFailurePercentage: 25 },
  },
  {
    name: "map, all at once, minSuccessful by durable time",
    handler: batch.mapStaggeredMinSuccessful,
    input: { items: [3, 1, 4, 2], minSuccessful: 2 },
    concurrent: true,
    divergence: {
      why:
        "skipTime ends every wait at once, so the official runner finishes the items in the " +
        "order they started (index 0's 3 s wait first) and lets all four run to the end. On the " +
        "service the 1 s and 2 s waits (indexes 1 and 3) end first; minSuccessful 2 then " +
        "completes the map and the execution, and the 3 s and 4 s waits never end.",
      ours: (official) => {
        const history = { ...(official.history as Record<string, string[]>) };
        for (const key of ["MapIteration map-item-0", "MapIteration map-item-2"])
          history[key] = ["ContextStarted"];
        for (const key of ["Wait wait-3", "Wait wait-4"]) history[key] = ["WaitStarted"];
        delete history["Step item-3"];
        delete history["Step item-4"];
        return {
          ...official,
          history,
          trace: ["item 1", "item 2"],
          result: {
            status: "SUCCEEDED",
            completionReason: "MIN_SUCCESSFUL_REACHED",
            hasFailure: false,
            counts: { succeeded: 2, failed: 0, started: 2, total: 4 },
            items: [
              { index: 0, status: "STARTED" },
              { index: 1, status: "SUCCEEDED", result: 10 },
              { index: 2, status: "STARTED" },
              { index: 3, status: "SUCCEEDED", result: 20 },
            ],
            results: [10, 20],
            errors: [],
          },
        };
      },
    },
  },
  {
    name: "parallel, named branches, a tolerated failure",
    handler: batch.parallelNamedBranches,
    input: { toleratedFailureCount: 1 },
    concurrent: true,
  },
  {
    name: "parallel, named branches, no failure tolerated",
    handler: batch.parallelNamedBranches,
    input: { toleratedFailureCount: 0 },
    concurrent: true,
    divergence: unfinishedWaits(
      "the failed branch ends the parallel and the execution at once",
      "Wait cool",
    ),
  },
  {
    name: "parallel with a nested map and a child context",
    handler: batch.parallelWithNestedMap,
    input: { items: [1, 2, 3] },
    concurrent: true,
  },
  { name: "map, throwIfError uncaught", handler: batch.batchThrowIfError, concurrent: true },
  { name: "map over its tolerance, caught", handler: batch.mapToleranceCaught },
  { name: "map and parallel with FLAT nesting", handler: batchEdge.flatNesting, concurrent: true },
  {
    name: "map whose BatchResult is over the checkpoint limit",
    handler: batchEdge.largeBatchResult,
    input: { kib: 100 },
    concurrent: true,
  },
  { name: "map with a custom shouldComplete", handler: batchEdge.customCompletion },
  { name: "empty map and parallel, items answering nothing", handler: batchEdge.emptyAndVoid },
  {
    name: "parallel minSuccessful 1, a branch left on an open callback",
    handler: batchEdge.parallelWithOpenCallback,
    concurrent: true,
  },
  {
    name: "100 items ten at a time, waits among them, beside nested map/parallel",
    handler: batchEdge.manyItems,
    input: { count: 100 },
    concurrent: true,
  },
  // child contexts
  { name: "child operations kept (childOperationsDepth 1)", handler: child.keptChildren },
  { name: "child error through errorMapper", handler: child.mappedChildError },
  { name: "nested child contexts", handler: child.nestedChildren },
  { name: "failing child, caught", handler: child.failingChildren, input: { rethrow: false } },
  { name: "failing child, uncaught", handler: child.failingChildren, input: { rethrow: true } },
  {
    name: "child result over the checkpoint limit (ReplayChildren)",
    handler: child.largeChildResult,
    input: { kib: 100, summary: false },
  },
  {
    name: "child result over the checkpoint limit, with a summary",
    handler: child.largeChildResult,
    input: { kib: 100, summary: true },
  },
  { name: "child context with a custom subType", handler: child.childSubType },
  // steps
  { name: "retry strategies with backoff, exhausted and filtered", handler: step.retryBackoff },
  { name: "step error uncaught after retries", handler: step.stepErrorUncaught },
  { name: "the SDK's default retry strategy, exhausted", handler: step.defaultRetries },
  { name: "at most once per retry", handler: step.atMostOncePerRetry },
  {
    name: "step values: undefined, null, falsy, large",
    handler: step.stepValues,
    input: { largeKib: 200 },
  },
  {
    name: "step result of 300 KiB",
    handler: step.stepOverLimit,
    input: { kib: 300 },
    divergence: refusedCheckpoint(
      "an operation's checkpointed payload may be at most 256 KiB on the service (the SDK " +
        "keeps child contexts under it with ReplayChildren and its filesystem serdes " +
        "overflows at it); the official emulator takes any size",
      "The payload of operation c4ca4238a0b92382 is 307202 bytes; an operation's payload may " +
        "be at most 262144 bytes.",
    ),
  },
  { name: "custom serdes", handler: step.customSerdes },
  {
    name: "default serdes, class serdes with dates, a virtual child, filesystem serdes",
    handler: step.moreSerdes,
    input: { dir: serdesDir },
  },
  ...[
    { label: "a step named with a non-ASCII letter", input: { name: "café" }, field: "Name" },
    { label: "a step name of 300 characters", input: { name: "x".repeat(300) }, field: "Name" },
    {
      label: "a child subType with a space",
      input: { name: "brew", subType: "Brewing Stage" },
      field: "SubType",
    },
  ].map(({ label, input, field }) => {
    const value = input.subType ?? input.name;
    return {
      name: label,
      handler: step.namedOperation,
      input,
      divergence: refusedByService(
        field,
        value.slice(0, 64),
        value.length > 256
          ? "Member must have length between 1 and 256"
          : `Member must satisfy regular expression pattern: ${field === "Name" ? "[\\x20-\\x7E]+" : "[a-zA-Z0-9-_]+"}`,
        ["StepStarted Step first", "StepSucceeded Step first"],
      ),
    };
  }),
  // waits and conditions
  { name: "several waits, one in a child context", handler: wait.severalWaits, concurrent: true },
  { name: "wait of 1 s", handler: wait.waitSeconds, input: { seconds: 1 } },
  {
    name: "wait of 0 s",
    handler: wait.waitSeconds,
    input: { seconds: 0 },
    divergence: refusedByService("WaitOptions.WaitSeconds", "0", atLeastOneSecond),
  },
  {
    name: "wait of 1.5 s",
    handler: wait.waitSeconds,
    input: { seconds: 1.5 },
    divergence: refusedByService("WaitOptions.WaitSeconds", "1.5", atLeastOneSecond),
  },
  {
    name: "step retried after 0 s",
    handler: step.retryAfterZero,
    divergence: refusedByService("StepOptions.NextAttemptDelaySeconds", "0", atLeastOneSecond),
  },
  {
    name: "waitForCondition with createWaitStrategy",
    handler: wait.conditionWithStrategy,
    input: { target: 4, maxAttempts: 10 },
  },
  {
    name: "waitForCondition out of attempts",
    handler: wait.conditionWithStrategy,
    input: { target: 10, maxAttempts: 3 },
    withoutOfficial: conditionFailed("brewed", "waitForCondition exceeded maximum attempts (3)", [
      "check 1 at 0",
      "check 2 at 1",
      "check 3 at 2",
    ]),
  },
  {
    name: "waitForCondition whose check throws",
    handler: wait.conditionCheckThrows,
    withoutOfficial: conditionFailed("sensor", "sensor offline", ["read 1", "read 2"]),
  },
  // callbacks
  {
    name: "callback answered while the handler still runs",
    handler: cb.answeredWhileRunning,
    // When the answer lands against the step's own checkpoints is a race on both engines.
    concurrent: true,
    drive: [{ callback: "fast-reply", send: "success", result: '"now"', early: true }],
  },
  { name: "waitForCallback submitter failing twice", handler: cb.submitterRetried },
  {
    name: "callback answered with no result",
    handler: cb.createCallbackAwait,
    input: { timeoutSeconds: 60 },
    drive: [{ callback: "payment", send: "success" }],
  },
  {
    name: "callback answered with an empty string",
    handler: cb.createCallbackAwait,
    input: { timeoutSeconds: 60 },
    drive: [{ callback: "payment", send: "success", result: "" }],
  },
  {
    name: "callback failed with no error",
    handler: cb.createCallbackAwait,
    input: { timeoutSeconds: 60 },
    drive: [{ callback: "payment", send: "failure" }],
  },
  ...callbackCases("createCallback", cb.createCallbackAwait, "payment", callbackTimeoutType),
  ...callbackCases("waitForCallback", cb.waitForCallbackAwait, "barista"),
  {
    name: "waitForCallback submitter fails",
    handler: cb.waitForCallbackAwait,
    input: { timeoutSeconds: 60, submitterFails: true },
  },
  {
    name: "two callbacks in a child context",
    handler: cb.callbacksInChild,
    drive: [
      { callback: "owner", send: "success", result: '"yes"' },
      { callback: "manager", send: "success", result: '"ok"' },
    ],
  },
  {
    name: "promise combinators: all, allSettled, any, race",
    handler: cb.combinators,
    concurrent: true,
  },
  {
    name: "callback answered before the wait it races, with a deserializer",
    handler: cb.callbackWinsRace,
    concurrent: true,
    divergence: unfinishedWaits("the answer ends the race and the execution", "Wait long"),
    drive: [
      {
        callback: "order",
        send: "success",
        result: '{"drink":"mocha","at":"2026-05-01T00:00:00Z"}',
      },
    ],
  },
  // chained invokes
  {
    name: "chained invoke, target fails",
    handler: top.invokeAndReport,
    input: { target: "broken", payload: {} },
    functions: { broken: top.brokenMachine },
  },
  {
    name: "chained invoke, target waits",
    handler: top.invokeAndReport,
    input: { target: "slow", payload: { seconds: 90 } },
    functions: { slow: top.slowMachine },
  },
  {
    name: "chained invoke, target times out",
    handler: top.invokeAndReport,
    input: { target: "slow", payload: { seconds: 90 } },
    functions: { slow: top.slowMachine },
    timeouts: { slow: 30 },
    withoutOfficial: invokeEndedWith(
      "ChainedInvokeTimedOut",
      "Execution timed out",
      "the official runner has no execution timeout for the functions it invokes; on the " +
        "service the target ends TIMED_OUT and the caller's operation with it",
    ),
  },
  ...(
    [
      ["echo", { latte: 1 }],
      ["reject", {}],
      ["callbackStyle", { n: 21 }],
      ["nothing", {}],
    ] as const
  ).map(([target, payload]) => ({
    name: `chained invoke of an on-demand function: ${target}`,
    handler: top.invokeAndReport,
    input: { target, payload },
    plainFunctions: { [target]: top.plainHandlers[target] },
    ...(target === "nothing"
      ? {
          divergence: {
            why:
              "a function that returns nothing answers null on Lambda (its Node.js runtime " +
              "sends `null`); the official runner reports it as a failed invoke",
            ours: (official: Comparable): Comparable => ({
              ...official,
              result: { result: null },
              history: [
                "ChainedInvokeStarted ChainedInvoke call",
                "ChainedInvokeSucceeded ChainedInvoke call",
              ],
            }),
          },
        }
      : {}),
  })),
  ...[undefined, null, "espresso"].map((payload) => ({
    name: `chained invoke with payload ${JSON.stringify(payload) ?? "undefined"}`,
    handler: top.invokeAndReport,
    input: { target: "echo", payload },
    functions: { echo: top.echoInput },
  })),
  {
    name: "chained invoke of a function nobody registered",
    handler: top.invokeAndReport,
    input: { target: "nowhere", payload: {} },
    withoutOfficial: invokeEndedWith(
      "ChainedInvokeFailed",
      "Function not found: nowhere",
      "the official runner throws out of run() ('No function found for function name'); " +
        "the service answers ResourceNotFoundException for the target",
    ),
  },
  // the execution as a whole
  { name: "handler returns nothing", handler: top.returnsNothing },
  ...[undefined, null, "latte", 42, [1, 2], {}, { nested: { ok: true } }].map((input) => ({
    name: `input ${JSON.stringify(input) ?? "undefined"}`,
    handler: top.echoInput,
    input,
  })),
  {
    name: "result over 6 MB (EXECUTION checkpoint)",
    handler: top.oversizedResult,
    input: { mib: 7 },
  },
  {
    name: "handler throws a string",
    handler: top.throwsNonError,
    input: { thrown: "out of beans" },
  },
  { name: "handler throws an object", handler: top.throwsNonError, input: { thrown: { code: 7 } } },
  { name: "handler throws null", handler: top.throwsNonError, input: { thrown: null } },
  { name: "step throws a string", handler: top.stepThrowsNonError, input: { thrown: "jam" } },
  { name: "durable logger inside and outside steps", handler: top.durableLogger },
  {
    name: "an instrumentation plugin's view of operations, with echoUpdates: false",
    handler: top.instrumented,
    runtime: { echoUpdates: false },
    knownGap: {
      why:
        "with echoUpdates off a checkpoint's answer leaves out the step and context updates " +
        "the handler just sent, so the SDK's plugin hooks read a finished step as it was " +
        "before (READY, or unknown) with no result. The official runner and the service echo " +
        "them, and so does this runtime by default (the next case).",
      ours: (official) => ({
        ...official,
        trace: official.trace.map((line) =>
          line
            .replace("end STEP/Step measure SUCCEEDED 20", "end STEP/Step measure READY ")
            .replace("end STEP/Step seal SUCCEEDED 21", "end STEP/Step seal undefined "),
        ),
      }),
    },
  },
  {
    name: "an instrumentation plugin's view of operations",
    handler: top.instrumented,
  },
];

/**
 * Every official run first, under the runner's skipTime fake clock, several at once (they
 * mostly wait for the fake clock's 20 ms steps and for real-time callback timeouts); then the
 * clock is removed and this runtime runs on real timers with its ManualClock. (Under the fake
 * clock each of our timer hops would wait for the next 20 ms step.)
 */
const officialRuns = new Map<string, Outcome | Error>();
beforeAll(async () => {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  try {
    const queue = cases.filter((c) => !c.withoutOfficial?.skip);
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift())
        officialRuns.set(c.name, await runOfficial(c).catch((e: Error) => e));
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    await LocalDurableTestRunner.teardownTestEnvironment();
  }
}, 60_000);

describe.each(testStores)(
  "conforms to the official LocalDurableTestRunner on %s",
  (_s, makeStore) => {
    // Each case has its own runtime, clock and trace: several run at once (vitest's
    // maxConcurrency), which hides most of the SDK's 20 ms cooldown before each suspension.
    it.concurrent.for(cases)("$name", async (c, { expect }) => {
      const outcome = officialRuns.get(c.name);
      let official: Comparable;
      if (outcome && "status" in outcome) official = comparable(outcome, c.concurrent);
      else if (c.withoutOfficial) official = c.withoutOfficial.expected;
      else throw outcome ?? new Error("no official run");
      const differs = c.divergence ?? c.knownGap;
      const expected = differs ? differs.ours(official) : official;
      const run = await runOurs(c, makeStore());
      expect(comparable(run, c.concurrent)).toEqual(expected);
      // The official runner's skipTime history has no durable time to compare with.
      expect(durableTimeViolations(run.history)).toEqual([]);
    });
  },
);
