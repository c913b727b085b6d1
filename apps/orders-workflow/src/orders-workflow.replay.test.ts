/**
 * Replay as a test: executions of the workflow recorded whole (the runtime console's "Export
 * history"), replayed against the workflow as it is now. A change that moves, renames or adds
 * an operation before the point a recording reached fails here with that operation's name,
 * type and position, the way Lambda would fail the orders already in flight. The workflow gets
 * a data layer that refuses every call: a replay runs no step.
 * `UPDATE_FIXTURES=1` records the files again from the current workflow.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  NonDeterministicReplayError,
  type RecordedHistory,
  recordHistoryFixture,
  replayHistory,
} from "@coffee/durable-runtime/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createOrdersWorkflow } from "./orders-workflow.js";
import { accept, LATTE, startHarness, type WorkflowHarness } from "./testing/workflow-harness.js";
import type { OrdersWorkflowDeps } from "./workflow-deps.js";

const fixture = (name: string) =>
  fileURLToPath(new URL(`__fixtures__/replay/${name}.recorded.json`, import.meta.url));

/** A data layer whose every call fails the test: a replay must not reach one. */
function refusingDeps(calls: string[]): OrdersWorkflowDeps {
  const refuse = (path: string): unknown =>
    new Proxy(() => {}, {
      get: (_target, key) => (typeof key === "symbol" ? undefined : refuse(`${path}.${key}`)),
      apply: () => {
        calls.push(path);
        throw new Error(`a replay called ${path}`);
      },
    });
  // An object at the top: a function would be taken for a deps factory and called.
  return new Proxy(
    {},
    { get: (_target, key) => refuse(`deps.${String(key)}`) },
  ) as OrdersWorkflowDeps;
}

/** Orders driven on the real runtime to the point each recording keeps. */
const recordings: Record<string, (h: WorkflowHarness, orderId: string) => Promise<void>> = {
  // Completed and picked up: every operation of the happy path.
  completed: async (h, orderId) => {
    await h.send(orderId, "customer-order", LATTE);
    await h.send(orderId, "barista-accept", accept());
    await h.send(orderId, "barista-complete", { action: "complete" });
    await h.advance(10 * 60);
  },
  // In the queue, waiting for a barista: an order in flight when a new version deploys.
  queued: async (h, orderId) => {
    await h.send(orderId, "customer-order", LATTE);
  },
};

describe.skipIf(process.env.UPDATE_FIXTURES !== "1")("recording the replay fixtures", () => {
  let h: WorkflowHarness;
  afterEach(() => h.close());
  it.each(Object.keys(recordings))("records %s", async (name) => {
    h = await startHarness();
    const { orderId, arn } = await h.startOrder("customer-1");
    await recordings[name]?.(h, orderId);
    const recorded = await recordHistoryFixture(h.runtime, arn);
    writeFileSync(fixture(name), `${JSON.stringify(recorded, null, 2)}\n`);
  });
});

describe("the workflow replays the recorded orders", () => {
  const load = (name: string) =>
    JSON.parse(readFileSync(fixture(name), "utf8")) as RecordedHistory & {
      events: { EventType?: string; Name?: string }[];
    };

  it("replays a completed order to the same result, running no step", async () => {
    const calls: string[] = [];
    const outcome = await replayHistory(
      createOrdersWorkflow(refusingDeps(calls)),
      load("completed"),
    );
    expect(outcome).toMatchObject({ status: "SUCCEEDED" });
    expect(JSON.parse(outcome.result ?? "{}")).toMatchObject({ status: "COMPLETED" });
    expect(calls).toEqual([]);
  });

  it("replays a queued order up to its barista-accept callback", async () => {
    const calls: string[] = [];
    const outcome = await replayHistory(createOrdersWorkflow(refusingDeps(calls)), load("queued"));
    expect(outcome).toEqual({ status: "PENDING" });
    expect(calls).toEqual([]);
  });

  it("names the first operation a change would replay differently", async () => {
    // What renaming the workflow's barista-accept would do to this order: the recording
    // edited as the code would be, so the test needs no second copy of the workflow.
    const queued = load("queued");
    for (const event of queued.events) {
      if (event.Name === "barista-accept") event.Name = "barista-take";
    }
    const error = await replayHistory(createOrdersWorkflow(refusingDeps([])), queued).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NonDeterministicReplayError);
    expect((error as NonDeterministicReplayError).divergence.recorded).toEqual({
      name: "barista-take",
      type: "CONTEXT",
      subType: "WaitForCallback",
    });
    expect((error as Error).message).toMatch(/Operation name mismatch/);
  });
});
