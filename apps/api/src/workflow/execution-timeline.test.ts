import type { Event } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { buildShopTimeline } from "./execution-timeline.js";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 8, 0, s));
const SECRET = "c2VjcmV0LWNhbGxiYWNrLWlk";

describe("buildShopTimeline", () => {
  it("keeps payloads and attempts, and takes every callback id out, inside payloads too", () => {
    const events: Event[] = [
      {
        EventType: "ExecutionStarted",
        Id: "exec",
        EventTimestamp: at(0),
        ExecutionStartedDetails: {
          Input: { Payload: '{"orderId":"ord_1"}' },
          ExecutionTimeout: 3600,
        },
      },
      {
        EventType: "CallbackStarted",
        Id: "c1",
        Name: "barista-accept",
        SubType: "Callback",
        EventTimestamp: at(1),
        CallbackStartedDetails: { CallbackId: SECRET, Timeout: 900 },
      },
      {
        EventType: "StepStarted",
        Id: "s1",
        Name: "save-callback",
        EventTimestamp: at(1),
      },
      {
        EventType: "StepFailed",
        Id: "s1",
        EventTimestamp: at(1),
        StepFailedDetails: {
          Error: { Payload: { ErrorType: "Throttled", ErrorMessage: `no room for ${SECRET}` } },
          RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 2 },
        },
      },
      { EventType: "StepStarted", Id: "s1", Name: "save-callback", EventTimestamp: at(3) },
      {
        EventType: "StepSucceeded",
        Id: "s1",
        EventTimestamp: at(3),
        StepSucceededDetails: {
          Result: { Payload: JSON.stringify({ saved: SECRET }) },
          RetryDetails: { CurrentAttempt: 2 },
        },
      },
    ];
    const timeline = buildShopTimeline(
      {
        DurableExecutionArn: "arn:aws:lambda:local:0:function:orders-workflow:$LATEST/x",
        DurableExecutionName: "ord_1",
        Status: "RUNNING",
        StartTimestamp: at(0),
      },
      events,
    );
    expect(JSON.stringify(timeline)).not.toContain(SECRET);
    expect(timeline.input).toBe('{"orderId":"ord_1"}');
    const step = timeline.operations.find((o) => o.name === "save-callback");
    expect(step?.result).toBe('{"saved":"[callback id]"}');
    expect(step?.attempts?.map((a) => a.error?.message)).toEqual([
      "no room for [callback id]",
      undefined,
    ]);
    expect(timeline.operations.find((o) => o.type === "CALLBACK")).toMatchObject({
      timeoutSeconds: 900,
      status: "STARTED",
    });
  });
});
