import { describe, expect, it } from "vitest";
import { histories } from "../testing/histories.js";
import { buildTimeline } from "./build-timeline.js";

const timelineOf = (key: keyof typeof histories) =>
  buildTimeline(histories[key].execution, histories[key].events);

describe("buildTimeline", () => {
  it("lists each step attempt with its error and the delay before the next", () => {
    const retrying = timelineOf("flakyRetrying");
    const [step] = retrying.operations;
    expect(step).toMatchObject({ name: "flaky", type: "STEP", status: "RETRYING" });
    expect(
      step?.attempts?.map((a) => [a.attempt, a.error?.message, a.nextAttemptDelaySeconds]),
    ).toEqual([
      [1, "attempt 1 failed", 2],
      [2, "attempt 2 failed", 2],
    ]);
    expect(step?.nextAttemptAt).toBe("2026-01-01T00:00:04.000Z");

    const done = timelineOf("flakySucceeded");
    expect(done.operations[0]).toMatchObject({ status: "SUCCEEDED", result: "3" });
    expect(done.operations[0]?.attempts).toHaveLength(3);
    expect(done.operations[0]?.attempts?.[2]?.error).toBeUndefined();
    expect(done.operations[0]?.nextAttemptAt).toBeUndefined();
    expect(done.invocations).toHaveLength(3);
    expect(done).toMatchObject({
      name: "flaky-1",
      functionName: "flaky",
      status: "SUCCEEDED",
      input: '{"failures":2,"retries":3,"key":"k"}',
      result: '{"succeededOnAttempt":3}',
    });
  });

  it("keeps a pending callback's id, timeout and heartbeat timeout under its context", () => {
    const t = timelineOf("approvalPending");
    const callback = t.operations.find((o) => o.type === "CALLBACK");
    expect(callback).toMatchObject({
      status: "STARTED",
      parentId: t.operations.find((o) => o.name === "approval")?.id,
      timeoutSeconds: 60,
      heartbeatTimeoutSeconds: 20,
    });
    expect(callback?.callbackId).toMatch(/^[A-Za-z0-9+/=_-]{20,}$/);
    expect(t.status).toBe("RUNNING");
    expect(t.result).toBeUndefined();
  });

  it("links a chained invoke to its child execution with its payload and result", () => {
    const t = timelineOf("invoker");
    expect(t.operations).toHaveLength(1);
    expect(t.operations[0]).toMatchObject({
      type: "CHAINED_INVOKE",
      name: "call-child",
      functionName: "doubler",
      input: '{"n":2}',
      result: '{"n":4}',
      status: "SUCCEEDED",
    });
    expect(t.operations[0]?.childExecutionArn).toMatch(
      /:function:doubler:\$LATEST\/durable-execution\//,
    );
  });

  it("reads the wire's epoch-second timestamps as the SDK's dates", () => {
    const { execution, events } = histories.flakySucceeded;
    const seconds = (t: unknown) => Date.parse(String(t)) / 1000;
    const wire = events.map((e) => ({ ...e, EventTimestamp: seconds(e.EventTimestamp) }));
    const fromWire = buildTimeline(
      { ...execution, StartTimestamp: seconds(execution.StartTimestamp) },
      wire,
    );
    const fromDates = buildTimeline(
      execution,
      events.map((e) => ({ ...e, EventTimestamp: new Date(String(e.EventTimestamp)) })),
    );
    expect(fromWire.operations).toEqual(fromDates.operations);
    expect(fromWire.startedAt).toBe("2026-01-01T00:00:00.000Z");
  });
});
