import {
  CheckpointDurableExecutionResponse$,
  GetDurableExecutionHistoryResponse$,
  GetDurableExecutionResponse$,
  GetDurableExecutionStateResponse$,
  ListDurableExecutionsByFunctionResponse$,
  StopDurableExecutionResponse$,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DurableRuntime, ManualClock } from "../index.js";
import { openCallbackId } from "../testing/callbacks.js";
import { runToCompletion } from "../testing/fixture.js";
import {
  approval,
  doubler,
  failing,
  fanOut,
  flakyStep,
  invoker,
  stepWaitStep,
} from "../testing/handlers.js";
import { type HttpFace, startHttpFace } from "../testing/http-face.js";
import { wireViolations } from "../testing/lambda-model.js";

// Every JSON body the read side answers, as it travels on the wire, checked against the output
// shapes client-lambda deserializes with: required members present, no member the model does
// not know, timestamps as epoch seconds. The executions cover every operation type and ending.

let face: HttpFace;
let runtime: DurableRuntime;
let clock: ManualClock;
const arns: string[] = [];

async function invokeEvent(functionName: string, payload: unknown): Promise<string> {
  const res = await fetch(`${face.url}/2015-03-31/functions/${functionName}/invocations`, {
    method: "POST",
    headers: { "X-Amz-Invocation-Type": "Event" },
    body: JSON.stringify(payload),
  });
  expect(res.status).toBe(202);
  const arn = res.headers.get("X-Amz-Durable-Execution-Arn")!;
  arns.push(arn);
  return arn;
}

async function getJson(path: string) {
  const res = await fetch(`${face.url}${path}`);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return res.json() as Promise<Record<string, unknown>>;
}

beforeAll(async () => {
  face = await startHttpFace();
  ({ runtime, clock } = face);
  // One function without an execution timeout: its ExecutionStarted event must still carry one.
  runtime.register("stepWaitStep", stepWaitStep);
  for (const [name, handler] of Object.entries({
    approval,
    flakyStep,
    fanOut,
    invoker,
    doubler,
    failing,
  })) {
    runtime.register(name, handler, { executionTimeoutSeconds: 3600 });
  }
  await invokeEvent("stepWaitStep", { name: "Ada", waitSeconds: 5 });
  await invokeEvent("flakyStep", { failures: 1, retries: 2, key: "wire" });
  await invokeEvent("fanOut", { items: [1, 2] });
  await invokeEvent("invoker", { target: "doubler", payload: { n: 4 } });
  await invokeEvent("failing", {});
  const answered = await invokeEvent("approval", { timeoutSeconds: 60, heartbeatSeconds: 30 });
  const timedOut = await invokeEvent("approval", { timeoutSeconds: 60 });
  const stopped = await invokeEvent("approval", { timeoutSeconds: 600 });
  await runtime.settle();
  await runtime.sendCallbackHeartbeat((await openCallbackId(runtime, answered))!);
  await runtime.sendCallbackSuccess((await openCallbackId(runtime, answered))!, '"yes"');
  const stop = await fetch(`${face.url}/2025-12-01/durable-executions/${enc(stopped)}/stop`, {
    method: "POST",
    body: JSON.stringify({ ErrorType: "Cancelled", ErrorMessage: "customer left" }),
  });
  expect(wireViolations(StopDurableExecutionResponse$, await stop.json())).toEqual([]);
  for (const arn of arns) await runToCompletion(runtime, clock, arn);
  expect((await runtime.getExecution(timedOut)).Status).toBe("SUCCEEDED");
});

afterAll(() => face?.close());

const enc = encodeURIComponent;

describe("read-side bodies on the wire match client-lambda's output model", () => {
  it("GetDurableExecution, with and without execution data, for every ending", async () => {
    const statuses = new Set<unknown>();
    for (const arn of arns) {
      for (const query of ["", "?IncludeExecutionData=false"]) {
        const body = await getJson(`/2025-12-01/durable-executions/${enc(arn)}${query}`);
        expect(wireViolations(GetDurableExecutionResponse$, body), arn).toEqual([]);
        statuses.add(body.Status);
      }
    }
    expect([...statuses].sort()).toEqual(["FAILED", "STOPPED", "SUCCEEDED"]);
  });

  it("GetDurableExecutionHistory pages, every event type the runs produced", async () => {
    const types = new Set<unknown>();
    for (const arn of arns) {
      for (const data of ["true", "false"]) {
        let marker: string | undefined;
        do {
          const body = await getJson(
            `/2025-12-01/durable-executions/${enc(arn)}/history?MaxItems=7&IncludeExecutionData=${data}${marker ? `&Marker=${enc(marker)}` : ""}`,
          );
          expect(wireViolations(GetDurableExecutionHistoryResponse$, body), arn).toEqual([]);
          for (const e of body.Events as { EventType: string }[]) types.add(e.EventType);
          marker = body.NextMarker as string | undefined;
        } while (marker);
      }
    }
    expect([...types]).toEqual(
      expect.arrayContaining([
        "ExecutionStarted",
        "ExecutionSucceeded",
        "ExecutionFailed",
        "ExecutionStopped",
        "StepStarted",
        "StepSucceeded",
        "StepFailed",
        "WaitStarted",
        "WaitSucceeded",
        "ContextStarted",
        "ContextSucceeded",
        "CallbackStarted",
        "CallbackSucceeded",
        "CallbackTimedOut",
        "ChainedInvokeStarted",
        "ChainedInvokeSucceeded",
        "InvocationCompleted",
      ]),
    );
  });

  it("ListDurableExecutionsByFunction", async () => {
    for (const fn of ["approval", "invoker", "doubler", "failing"]) {
      const body = await getJson(`/2025-12-01/functions/${fn}/durable-executions?MaxItems=2`);
      expect(wireViolations(ListDurableExecutionsByFunctionResponse$, body), fn).toEqual([]);
      expect((body.DurableExecutions as unknown[]).length).toBeGreaterThan(0);
    }
  });
});

describe("the checkpoint pair's bodies on the wire", () => {
  it("GetDurableExecutionState and CheckpointDurableExecution (step, callback, wait)", async () => {
    const bodies: [schema: unknown, body: unknown][] = [];
    const post = async (arn: string, token: string, Updates: unknown[]) => {
      const res = await fetch(`${face.url}/2025-12-01/durable-executions/${enc(arn)}/checkpoint`, {
        method: "POST",
        body: JSON.stringify({ CheckpointToken: token, Updates }),
      });
      const body = (await res.json()) as { CheckpointToken: string };
      bodies.push([CheckpointDurableExecutionResponse$, body]);
      return body.CheckpointToken;
    };
    // A handler in "another process": only the envelope and raw HTTP.
    runtime.register(
      "raw",
      async (event: { DurableExecutionArn: string; CheckpointToken: string }) => {
        const arn = event.DurableExecutionArn;
        let token = event.CheckpointToken;
        const state = await fetch(
          `${face.url}/2025-12-01/durable-executions/${enc(arn)}/state?CheckpointToken=${enc(token)}`,
        );
        bodies.push([GetDurableExecutionStateResponse$, await state.json()]);
        token = await post(arn, token, [
          { Id: "s1", Type: "STEP", Action: "START", Name: "grind" },
          { Id: "s1", Type: "STEP", Action: "SUCCEED", Name: "grind", Payload: '"fine"' },
        ]);
        token = await post(arn, token, [
          { Id: "c1", Type: "CALLBACK", Action: "START", Name: "ask", CallbackOptions: {} },
        ]);
        token = await post(arn, token, [
          {
            Id: "w1",
            Type: "WAIT",
            Action: "START",
            Name: "rest",
            WaitOptions: { WaitSeconds: 60 },
          },
        ]);
        const after = await fetch(
          `${face.url}/2025-12-01/durable-executions/${enc(arn)}/state?CheckpointToken=${enc(token)}`,
        );
        bodies.push([GetDurableExecutionStateResponse$, await after.json()]);
        return { Status: "PENDING" };
      },
    );
    await invokeEvent("raw", {});
    await runtime.settle();
    expect(bodies).toHaveLength(5);
    const last = bodies.at(-1)![1] as { Operations: { Type: string }[] };
    expect(last.Operations.map((o) => o.Type)).toEqual(["EXECUTION", "STEP", "CALLBACK", "WAIT"]);
    for (const [schema, body] of bodies) expect(wireViolations(schema, body)).toEqual([]);
  });
});

describe("the wire check itself", () => {
  it("reports a missing required member, an unknown member and a timestamp written as text", () => {
    const event = { EventType: "StepStarted", EventId: 1, EventTimestamp: "2026-01-01T00:00:00Z" };
    expect(
      wireViolations(GetDurableExecutionHistoryResponse$, { Events: [event], Marker: "x" }),
    ).toEqual([
      "$.Events[0].EventTimestamp: expected a JSON number, got string",
      "$.Marker: not a member of GetDurableExecutionHistoryResponse",
    ]);
    expect(wireViolations(StopDurableExecutionResponse$, {})).toEqual([
      "$.StopTimestamp: required by the model, missing",
    ]);
  });
});
