import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import {
  CloudDurableTestRunner,
  InvocationType,
  WaitingOperationStatus,
} from "@aws/durable-execution-sdk-js-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doubler, failing, invoker, sequentialSteps } from "../testing/handlers.js";
import { type HttpFace, recordingApproval, startHttpFace } from "../testing/http-face.js";

// A client this package did not write: the official SDK's CloudDurableTestRunner, which tests
// functions deployed to real Lambda. It invokes with client-lambda, pages
// GetDurableExecutionHistory with Marker/MaxItems 1000, rebuilds every operation from the
// history events alone, and completes callbacks with SendDurableExecutionCallback*. Pointed at
// the face, it must see what it would see on AWS.

let face: HttpFace;
const callbackIds: string[] = [];

beforeAll(async () => {
  face = await startHttpFace();
  face.runtime.register("steps", sequentialSteps);
  face.runtime.register(
    "child",
    withDurableExecution(async (_event: unknown, ctx: DurableContext) =>
      ctx.runInChildContext("reserve", async (c) => {
        const milk = await c.step("milk", async () => 1);
        return milk + (await c.step("beans", async () => 2));
      }),
    ),
  );
  face.runtime.register("invoker", invoker);
  face.runtime.register("doubler", doubler);
  face.runtime.register("failing", failing);
  face.runtime.register("approval", recordingApproval(callbackIds));
});

afterAll(() => face?.close());

const runner = (functionName: string, invocationType?: InvocationType) =>
  new CloudDurableTestRunner({
    functionName,
    client: face.lambda,
    // Spread: the runner spreads config over its defaults; undefined would wipe RequestResponse.
    config: { pollInterval: 5, ...(invocationType ? { invocationType } : {}) },
  });

describe("the official CloudDurableTestRunner against the HTTP face", () => {
  it("runs steps and reads each step's result back from the history", async () => {
    const steps = runner("steps");
    const result = await steps.run({ payload: { count: 3 } });
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({ sum: 3 });
    expect(steps.getOperation("step-2").getStepDetails()?.result).toBe(2);
    expect(result.getOperations()).toHaveLength(3);
    expect(result.getInvocations().length).toBeGreaterThan(0);
  });

  it("child contexts and a chained invoke", async () => {
    const child = runner("child");
    const result = await child.run({ payload: {} });
    expect(result.getResult()).toBe(3);
    const context = child.getOperation("reserve");
    expect(context.getContextDetails()?.result).toBe(3);
    expect(context.getChildOperations()?.map((o) => o.getName())).toEqual(["milk", "beans"]);
    const chained = runner("invoker");
    const invoked = await chained.run({ payload: { target: "doubler", payload: { n: 21 } } });
    expect(invoked.getResult()).toEqual({ ok: true, result: { n: 42 } });
    // (The runner rebuilds no ChainedInvokeDetails from history, on AWS either: status and type.)
    const call = chained.getOperation("call-child");
    expect([call.getType(), call.getStatus()]).toEqual(["CHAINED_INVOKE", "SUCCEEDED"]);
  });

  it("a failed execution's error", async () => {
    const result = await runner("failing").run({ payload: {} });
    expect(result.getStatus()).toBe("FAILED");
    expect(result.getError().errorMessage).toBe("the order cannot be made");
  });

  it("waits on a callback and completes it through SendDurableExecutionCallbackSuccess", async () => {
    const approval = runner("approval", InvocationType.Event);
    const running = approval.run({ payload: {} });
    const callback = approval.getOperation("approve");
    await callback.waitForData(WaitingOperationStatus.SUBMITTED);
    expect(callback.getCallbackDetails()?.callbackId).toBe(callbackIds.at(-1));
    await callback.sendCallbackSuccess("granted");
    const result = await running;
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({ answer: "granted" });
  });
});
