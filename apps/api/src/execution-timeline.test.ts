import type { Event } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { buildTimeline } from "./execution-timeline.js";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 8, 0, s));

describe("buildTimeline", () => {
  it("folds events into operations with status, attempts and timeouts, without callback ids", () => {
    const events: Event[] = [
      { EventType: "ExecutionStarted", Id: "exec", EventTimestamp: at(0) },
      { EventType: "StepStarted", Id: "s1", Name: "reserve-stock", EventTimestamp: at(1) },
      {
        EventType: "StepFailed",
        Id: "s1",
        EventTimestamp: at(2),
        StepFailedDetails: {
          Error: { Payload: { ErrorType: "Throttled", ErrorMessage: "slow down" } },
          RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 2 },
        },
      },
      { EventType: "StepStarted", Id: "s1", Name: "reserve-stock", EventTimestamp: at(4) },
      {
        EventType: "StepSucceeded",
        Id: "s1",
        EventTimestamp: at(5),
        StepSucceededDetails: { Result: {}, RetryDetails: { CurrentAttempt: 2 } },
      },
      { EventType: "InvocationCompleted", EventTimestamp: at(5) },
      {
        EventType: "CallbackStarted",
        Id: "c1",
        ParentId: "ctx",
        Name: "barista-accept",
        SubType: "Callback",
        EventTimestamp: at(6),
        CallbackStartedDetails: { CallbackId: "secret-callback-id", Timeout: 900 },
      },
      {
        EventType: "CallbackTimedOut",
        Id: "c1",
        EventTimestamp: at(906),
        CallbackTimedOutDetails: { Error: { Payload: { ErrorType: "CallbackTimeout" } } },
      },
      {
        EventType: "WaitStarted",
        Id: "w1",
        EventTimestamp: at(907),
        WaitStartedDetails: { Duration: 600, ScheduledEndTimestamp: at(1507) },
      },
    ];
    const timeline = buildTimeline(
      {
        DurableExecutionArn: "arn:x",
        DurableExecutionName: "ord_1",
        FunctionArn: "arn:f",
        Status: "RUNNING",
        StartTimestamp: at(0),
      },
      events,
    );
    expect(JSON.stringify(timeline)).not.toContain("secret-callback-id");
    expect(timeline.invocations).toBe(1);
    expect(timeline.operations).toEqual([
      { id: "exec", type: "EXECUTION", status: "STARTED", startedAt: at(0).toISOString() },
      {
        id: "s1",
        type: "STEP",
        name: "reserve-stock",
        status: "SUCCEEDED",
        attempts: 2,
        startedAt: at(1).toISOString(),
        endedAt: at(5).toISOString(),
      },
      {
        id: "c1",
        parentId: "ctx",
        type: "CALLBACK",
        subType: "Callback",
        name: "barista-accept",
        status: "TIMED_OUT",
        timeoutSeconds: 900,
        startedAt: at(6).toISOString(),
        endedAt: at(906).toISOString(),
        error: { type: "CallbackTimeout" },
      },
      {
        id: "w1",
        type: "WAIT",
        status: "STARTED",
        timeoutSeconds: 600,
        scheduledEndAt: at(1507).toISOString(),
        startedAt: at(907).toISOString(),
      },
    ]);
  });
});
