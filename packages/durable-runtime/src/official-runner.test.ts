import type { DurableLambdaHandler } from "@aws/durable-execution-sdk-js";
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualRuntime, runToCompletion, testStores } from "./testing/fixture.js";
import * as h from "./testing/handlers.js";
import { historyPerOperation, historyShape } from "./testing/history-shape.js";

/**
 * The same official-SDK handlers on the SDK's own LocalDurableTestRunner and on this runtime:
 * the outcome and the history (event type, subtype, name, in order) must agree.
 */
interface Case {
  name: string;
  handler: DurableLambdaHandler;
  input: unknown;
  functions?: Record<string, DurableLambdaHandler>;
  /** Branches run concurrently: only each operation's own event order is fixed. */
  concurrent?: boolean;
}

const cases: Case[] = [
  {
    name: "step, wait, step",
    handler: h.stepWaitStep,
    input: { name: "Ada", waitSeconds: 5, key: "cmp" },
  },
  { name: "retries", handler: h.flakyStep, input: { failures: 2, retries: 3, key: "cmp-flaky" } },
  { name: "parallel and map", handler: h.fanOut, input: { items: [1, 2] }, concurrent: true },
  { name: "child context", handler: h.childContext, input: {} },
  { name: "waitForCondition", handler: h.pollUntil, input: { target: 2 } },
  { name: "handler failure", handler: h.failing, input: {} },
  {
    name: "chained invoke",
    handler: h.invoker,
    input: { target: "doubler", payload: { n: 4 } },
    functions: { doubler: h.doubler },
  },
];

beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

describe.each(testStores)(
  "agrees with the official LocalDurableTestRunner on %s",
  (_s, makeStore) => {
    it.each(cases)("$name", async ({ handler, input, functions, concurrent }) => {
      h.stepRuns.clear();
      const runner = new LocalDurableTestRunner({ handlerFunction: handler });
      for (const [fn, child] of Object.entries(functions ?? {}))
        runner.registerDurableFunction(fn, child);
      const official = await runner.run({ payload: input });

      h.stepRuns.clear();
      const { runtime, clock } = manualRuntime(makeStore());
      runtime.register("under-test", handler);
      for (const [fn, child] of Object.entries(functions ?? {})) runtime.register(fn, child);
      const { executionArn } = await runtime.startExecution({ functionName: "under-test", input });
      const ours = await runToCompletion(runtime, clock, executionArn);
      const history = (await runtime.getExecutionHistory(executionArn)).Events;
      await runtime.close();

      expect(ours.Status).toBe(official.getStatus());
      if (ours.Status === "SUCCEEDED") {
        expect(JSON.parse(ours.Result!)).toEqual(official.getResult());
      } else {
        expect(ours.Error?.ErrorMessage).toBe(official.getError().errorMessage);
      }
      expect(historyPerOperation(history)).toEqual(
        historyPerOperation(official.getHistoryEvents()),
      );
      if (!concurrent)
        expect(historyShape(history)).toEqual(historyShape(official.getHistoryEvents()));
    });
  },
);
