import { describe, expect, it } from "vitest";
import { createApp } from "./create-app.js";
import type { RuntimeFace } from "./runtime-face.js";

// The routing, validation and error-mapping layer, without the engine: a stand-in runtime
// records what reaches it, and throws the engine's kind of error (errorType + statusCode).
function recordingRuntime() {
  const calls: Array<[string, unknown[]]> = [];
  const notFound = Object.assign(new Error("Durable execution not found"), {
    errorType: "ResourceNotFoundException",
    statusCode: 404,
  });
  const record =
    (name: string, answer: () => unknown) =>
    async (...args: unknown[]) => {
      calls.push([name, args]);
      return answer();
    };
  const runtime = {
    hasFunction: (name: string) => name === "orders",
    isDurableFunction: (name: string) => name === "orders",
    invokeFunction: record("invokeFunction", () => ({ result: "null" })),
    startExecution: record("startExecution", () => ({ executionArn: ARN, alreadyStarted: false })),
    getExecution: record("getExecution", () => {
      throw notFound;
    }),
    getExecutionHistory: record("getExecutionHistory", () => ({ Events: [] })),
    listExecutions: record("listExecutions", () => ({
      DurableExecutions: [
        {
          DurableExecutionArn: ARN,
          DurableExecutionName: "e1",
          FunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:f",
          Status: "RUNNING",
          StartTimestamp: new Date("2026-01-01T00:00:01.500Z"),
        },
      ],
    })),
    stopExecution: record("stopExecution", () => ({ StopTimestamp: new Date(0) })),
    sendCallbackSuccess: record("sendCallbackSuccess", () => undefined),
    sendCallbackFailure: record("sendCallbackFailure", () => undefined),
    sendCallbackHeartbeat: record("sendCallbackHeartbeat", () => undefined),
    checkpoint: record("checkpoint", () => ({ CheckpointToken: "t2", NewExecutionState: {} })),
    getExecutionState: record("getExecutionState", () => ({ Operations: [] })),
    waitForCompletion: record("waitForCompletion", () => ({ Status: "SUCCEEDED", Result: "42" })),
  } as unknown as RuntimeFace;
  return { runtime, calls };
}

const ARN =
  "arn:aws:lambda:us-east-1:000000000000:function:orders:$LATEST/durable-execution/o-1/3f2a";
const encodedArn = encodeURIComponent(ARN);

async function send(app: ReturnType<typeof createApp>, path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  const text = await res.text();
  return {
    status: res.status,
    errorType: res.headers.get("x-amzn-errortype"),
    headers: res.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

describe("HTTP face: routing, validation and Lambda error mapping", () => {
  it("decodes an ARN path label encoded as client-lambda encodes it (':' and '/' escaped)", async () => {
    const { runtime, calls } = recordingRuntime();
    const res = await send(createApp(runtime), `/2025-12-01/durable-executions/${encodedArn}`);
    expect(calls).toEqual([["getExecution", [ARN]]]);
    expect(res.status).toBe(404);
    expect(res.errorType).toBe("ResourceNotFoundException");
    expect(res.body).toEqual({ Type: "User", Message: "Durable execution not found" });
  });

  it("writes timestamps as epoch seconds and reads repeated Statuses and ISO timestamps", async () => {
    const { runtime, calls } = recordingRuntime();
    const res = await send(
      createApp(runtime),
      "/2025-12-01/functions/orders/durable-executions?Statuses=RUNNING&Statuses=FAILED&StartedAfter=2026-01-01T00%3A00%3A00Z&MaxItems=10&ReverseOrder=true",
    );
    expect(res.status).toBe(200);
    expect(res.body.DurableExecutions[0].StartTimestamp).toBe(1767225601.5);
    expect(calls[0]?.[1][0]).toMatchObject({
      functionName: "orders",
      statuses: ["RUNNING", "FAILED"],
      startedAfter: new Date("2026-01-01T00:00:00Z"),
      maxItems: 10,
      // Lambda lists newest first unless ReverseOrder; the engine's default is the other way.
      reverseOrder: false,
    });
  });

  // Lambda checks the model's constraints (range, pattern, enum, length) before the operation
  // runs and answers ValidationException; a value it cannot read at all is
  // InvalidParameterValueException. Both name the member in lowerCamelCase.
  it.each([
    ["/2025-12-01/functions/orders/durable-executions?MaxItems=5000", "maxItems", "Validation"],
    [
      "/2025-12-01/functions/orders/durable-executions?MaxItems=abc",
      "maxItems",
      "InvalidParameterValue",
    ],
    ["/2025-12-01/functions/orders/durable-executions?Statuses=DONE", "statuses.0", "Validation"],
    [
      "/2025-12-01/functions/orders/durable-executions?StartedBefore=yesterday",
      "startedBefore",
      "InvalidParameterValue",
    ],
    ["/2025-12-01/functions/bad%20name/durable-executions", "functionName", "Validation"],
    [
      `/2025-12-01/durable-executions/${encodedArn}?IncludeExecutionData=maybe`,
      "includeExecutionData",
      "InvalidParameterValue",
    ],
    ["/2025-12-01/durable-executions/not-an-arn", "durableExecutionArn", "Validation"],
    [
      `/2025-12-01/durable-executions/${encodedArn}/state`,
      "checkpointToken",
      "InvalidParameterValue",
    ],
  ])("answers a 400 naming the field for GET %s", async (path, field, type) => {
    const { runtime, calls } = recordingRuntime();
    const res = await send(createApp(runtime), path);
    expect(res.status).toBe(400);
    expect(res.errorType).toBe(`${type}Exception`);
    expect(res.body.Type).toBe("User");
    expect(res.body.message).toContain(`at '${field}' failed to satisfy constraint`);
    expect(calls).toEqual([]);
  });

  it("answers InvalidRequestContentException for an unparsable JSON body, and never reaches the engine", async () => {
    const { runtime, calls } = recordingRuntime();
    const app = createApp(runtime);
    for (const path of [
      `/2025-12-01/durable-executions/${encodedArn}/checkpoint`,
      `/2025-12-01/durable-executions/${encodedArn}/stop`,
      "/2025-12-01/durable-execution-callbacks/cb-1/fail",
      "/2015-03-31/functions/orders/invocations",
    ]) {
      const res = await send(app, path, { method: "POST", body: "{not json" });
      expect(res.status, path).toBe(400);
      expect(res.errorType, path).toBe("InvalidRequestContentException");
    }
    expect(calls).toEqual([]);
  });

  it("validates checkpoint bodies field by field", async () => {
    const { runtime, calls } = recordingRuntime();
    const app = createApp(runtime);
    const path = `/2025-12-01/durable-executions/${encodedArn}/checkpoint`;
    const checkpoint = (Action: string) =>
      send(app, path, {
        method: "POST",
        body: JSON.stringify({
          CheckpointToken: "t1",
          Updates: [{ Id: "a", Type: "STEP", Action }],
        }),
      });
    const bad = await checkpoint("JUMP");
    expect(bad.status).toBe(400);
    expect(bad.errorType).toBe("ValidationException");
    expect(bad.body.message).toContain(
      "Value 'JUMP' at 'updates.0.action' failed to satisfy constraint: Member must satisfy enum value set: [START, SUCCEED, FAIL, RETRY, CANCEL]",
    );
    const notObject = await send(app, path, { method: "POST", body: "[]" });
    expect(notObject.errorType).toBe("InvalidParameterValueException");
    const ok = await checkpoint("START");
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ CheckpointToken: "t2", NewExecutionState: {} });
    expect(calls).toHaveLength(1);
  });

  it("maps Invoke headers: Event answers 202 with the execution ARN header; an alias runs $LATEST", async () => {
    const { runtime, calls } = recordingRuntime();
    const res = await send(createApp(runtime), "/2015-03-31/functions/orders:live/invocations", {
      method: "POST",
      headers: { "X-Amz-Invocation-Type": "Event", "X-Amz-Durable-Execution-Name": "o-1" },
      body: JSON.stringify({ a: 1 }),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get("X-Amz-Durable-Execution-Arn")).toBe(ARN);
    expect(calls).toEqual([
      [
        "startExecution",
        [{ functionName: "orders", input: { a: 1 }, executionName: "o-1", qualifier: "$LATEST" }],
      ],
    ]);
  });

  it("accepts a function ARN as FunctionName, and answers DryRun with 204 without starting", async () => {
    const { runtime, calls } = recordingRuntime();
    const app = createApp(runtime);
    const fnArn = encodeURIComponent(
      "arn:aws:lambda:us-east-1:000000000000:function:orders:$LATEST",
    );
    const event = await send(app, `/2015-03-31/functions/${fnArn}/invocations`, {
      method: "POST",
      headers: { "X-Amz-Invocation-Type": "Event" },
    });
    expect(event.status).toBe(202);
    const dryRun = await send(app, "/2015-03-31/functions/orders/invocations", {
      method: "POST",
      headers: { "X-Amz-Invocation-Type": "DryRun" },
    });
    expect(dryRun.status).toBe(204);
    const unknown = await send(app, "/2015-03-31/functions/no-such-function/invocations", {
      method: "POST",
      headers: { "X-Amz-Invocation-Type": "DryRun" },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.errorType).toBe("ResourceNotFoundException");
    expect(calls).toEqual([
      [
        "startExecution",
        [expect.objectContaining({ functionName: "orders", qualifier: "$LATEST" })],
      ],
    ]);
  });

  it("a RequestResponse Invoke that outlives its limit answers a function error, not a hang", async () => {
    const { runtime } = recordingRuntime();
    const never = {
      ...runtime,
      waitForCompletion: () => new Promise(() => {}),
    } as unknown as RuntimeFace;
    const res = await send(
      createApp(never, { syncInvokeTimeoutMs: 20 }),
      "/2015-03-31/functions/orders/invocations",
      {
        method: "POST",
        body: "{}",
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Amz-Function-Error")).toBe("Unhandled");
    expect(res.headers.get("X-Amz-Durable-Execution-Arn")).toBe(ARN);
    expect(res.body.errorType).toBe("Sandbox.Timedout");
  });

  it("drops input and result when IncludeExecutionData=false", async () => {
    const { runtime } = recordingRuntime();
    const withData = {
      ...runtime,
      getExecution: async () => ({
        DurableExecutionArn: ARN,
        Status: "SUCCEEDED",
        InputPayload: "{}",
        Result: "1",
      }),
    } as unknown as RuntimeFace;
    const res = await send(
      createApp(withData),
      `/2025-12-01/durable-executions/${encodedArn}?IncludeExecutionData=false`,
    );
    expect(res.body).toEqual({
      DurableExecutionArn: ARN,
      Status: "SUCCEEDED",
      ExecutionDataIncluded: false,
    });
  });

  it("rejects bad Invoke headers before starting anything", async () => {
    const { runtime, calls } = recordingRuntime();
    const app = createApp(runtime);
    const badType = await send(app, "/2015-03-31/functions/orders/invocations", {
      method: "POST",
      headers: { "X-Amz-Invocation-Type": "Later" },
    });
    expect(badType.errorType).toBe("ValidationException");
    expect(badType.body.message).toContain("'invocationType'");
    const badName = await send(app, "/2015-03-31/functions/orders/invocations", {
      method: "POST",
      headers: { "X-Amz-Durable-Execution-Name": "no spaces allowed" },
    });
    expect(badName.body.message).toContain("'durableExecutionName'");
    const mismatch = await send(app, "/2015-03-31/functions/orders:a/invocations?Qualifier=b", {
      method: "POST",
    });
    expect(mismatch.errorType).toBe("InvalidParameterValueException");
    expect(calls).toEqual([]);
  });

  it("names the operation of a too-large body by its route, and none for an unknown path", async () => {
    const { runtime, calls } = recordingRuntime();
    const app = createApp(runtime, { maxBodyBytes: 1024 });
    const tooLarge = (path: string) =>
      send(app, path, { method: "POST", body: JSON.stringify({ blob: "x".repeat(2048) }) });
    const messages = await Promise.all(
      [
        "/2025-12-01/durable-execution-callbacks/abc/succeed",
        "/2025-12-01/durable-execution-callbacks/abc/fail",
        "/2025-12-01/durable-executions/arn%3Aaws%3Alambda/stop",
        "/2025-12-01/no-such-route",
      ].map(async (path) => {
        const res = await tooLarge(path);
        expect(res.status).toBe(413);
        return res.body.message;
      }),
    );
    expect(messages).toEqual([
      "Request must be smaller than 1024 bytes for the SendDurableExecutionCallbackSuccess operation",
      "Request must be smaller than 1024 bytes for the SendDurableExecutionCallbackFailure operation",
      "Request must be smaller than 1024 bytes for the StopDurableExecution operation",
      "Request must be smaller than 1024 bytes",
    ]);
    expect(calls).toEqual([]);
  });

  it("answers RequestEntityTooLargeException (413) above the body limit", async () => {
    const { runtime, calls } = recordingRuntime();
    const res = await send(
      createApp(runtime, { maxBodyBytes: 1024 }),
      "/2015-03-31/functions/orders/invocations",
      {
        method: "POST",
        body: JSON.stringify({ blob: "x".repeat(2048) }),
      },
    );
    expect(res.status).toBe(413);
    expect(res.errorType).toBe("RequestEntityTooLargeException");
    expect(res.body.message).toBe(
      "Request must be smaller than 1024 bytes for the InvokeFunction operation",
    );
    expect(calls).toEqual([]);
  });

  it("answers an unknown route with a Lambda-shaped 404, and an engine crash with ServiceException", async () => {
    const { runtime } = recordingRuntime();
    const unknown = await send(createApp(runtime), "/2025-12-01/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.errorType).toBe("UnknownOperationException");
    const broken = {
      ...runtime,
      getExecutionHistory: async () => {
        throw new TypeError("boom");
      },
    };
    const original = console.error;
    console.error = () => {};
    try {
      const crash = await send(
        createApp(broken),
        `/2025-12-01/durable-executions/${encodedArn}/history`,
      );
      expect(crash.status).toBe(500);
      expect(crash.errorType).toBe("ServiceException");
      expect(crash.body.Message).not.toContain("boom");
    } finally {
      console.error = original;
    }
  });
});
