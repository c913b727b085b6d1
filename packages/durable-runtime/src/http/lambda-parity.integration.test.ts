import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvalidParameterValueException,
  InvokeCommand,
  ListDurableExecutionsByFunctionCommand,
  type LogType,
  ResourceNotFoundException,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { failing, sequentialSteps, stepWaitStep } from "../testing/handlers.js";
import { type HttpFace, recordingApproval, startHttpFace } from "../testing/http-face.js";

// Where the face used to differ from Lambda's model (client-lambda's schemas and docs, botocore's
// service-2.json) and its API reference: each case through the unmodified client, or through a
// raw `fetch` where the client would not send the request at all.

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const enc = encodeURIComponent;
// DurableExecutionArn, InvocationResponse's header, as the model's pattern has it.
const NO_SUCH_EXECUTION =
  "arn:aws:lambda:us-east-1:000000000000:function:steps:$LATEST/durable-execution/none/0000";
const MODEL_ARN =
  /^arn:([a-zA-Z0-9-]+):lambda:([a-zA-Z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+):(\$LATEST(?:\.PUBLISHED)?|[0-9]+)\/durable-execution\/([a-zA-Z0-9_-]+)\/([a-zA-Z0-9_-]+)$/;

let face: HttpFace;
let callbackIds: string[];

beforeEach(async () => {
  face = await startHttpFace();
  callbackIds = [];
  const { runtime } = face;
  runtime.register("steps", sequentialSteps);
  runtime.register("pause", stepWaitStep);
  runtime.register("failing", failing);
  runtime.register("approval", recordingApproval(callbackIds));
});

afterEach(() => face.close());

/** What client-lambda raises, reduced to what a caller can branch on. */
async function failureOf(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as
    | { name: string; message: string; $fault: string; $metadata: { httpStatusCode?: number } }
    | undefined;
  return error && { name: error.name, status: error.$metadata.httpStatusCode, fault: error.$fault };
}

const start = (FunctionName: string, DurableExecutionName?: string, Payload?: unknown) =>
  face.lambda.send(
    new InvokeCommand({
      FunctionName,
      InvocationType: "Event",
      DurableExecutionName,
      Payload: json(Payload ?? { name: "x", waitSeconds: 60 }),
    }),
  );

describe("constraint violations are ValidationException, as Lambda's front end answers them", () => {
  it.each([
    ["a function name outside the pattern", new InvokeCommand({ FunctionName: "no spaces" })],
    ["a bare function name over 64", new InvokeCommand({ FunctionName: "f".repeat(65) })],
    [
      "an execution name over 64",
      new InvokeCommand({ FunctionName: "steps", DurableExecutionName: "n".repeat(65) }),
    ],
    [
      "an unknown LogType",
      new InvokeCommand({ FunctionName: "steps", LogType: "Verbose" as LogType }),
    ],
    [
      "a callback id outside base64",
      new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: "not.base64!" }),
    ],
    [
      "a checkpoint update whose Id is outside the pattern",
      new CheckpointDurableExecutionCommand({
        DurableExecutionArn: NO_SUCH_EXECUTION,
        CheckpointToken: "t",
        Updates: [{ Id: "not an id!", Type: "STEP", Action: "START" }],
      }),
    ],
    [
      "a callback result over 256 KiB",
      new SendDurableExecutionCallbackSuccessCommand({
        CallbackId: "AAAA",
        Result: new Uint8Array(262_145),
      }),
    ],
    [
      "MaxItems over 1000",
      new GetDurableExecutionHistoryCommand({
        DurableExecutionArn:
          "arn:aws:lambda:us-east-1:000000000000:function:steps:$LATEST/durable-execution/a/b",
        MaxItems: 1001,
      }),
    ],
  ])("%s", async (_what, command) => {
    // biome-ignore lint/suspicious/noExplicitAny: one table over several command types
    const sent = face.lambda.send(command as any);
    expect(await failureOf(sent)).toEqual({
      name: "ValidationException",
      status: 400,
      fault: "client",
    });
    await expect(sent).rejects.toThrow(/^1 validation error detected: Value .*failed to satisfy/);
  });
});

describe("pagination as the model defines it", () => {
  it("history: MaxItems left out or 0 is a page of 100, and Marker goes on from there", async () => {
    const { DurableExecutionArn } = await face.lambda.send(
      new InvokeCommand({ FunctionName: "steps", Payload: json({ count: 60 }) }),
    );
    for (const MaxItems of [undefined, 0]) {
      const page = await face.lambda.send(
        new GetDurableExecutionHistoryCommand({ DurableExecutionArn, MaxItems }),
      );
      expect(page.Events).toHaveLength(100);
      expect(page.NextMarker).toBeTruthy();
      const rest = await face.lambda.send(
        new GetDurableExecutionHistoryCommand({ DurableExecutionArn, Marker: page.NextMarker }),
      );
      expect(rest.NextMarker).toBeUndefined();
      expect(rest.Events?.[0]?.EventId).toBe(101);
      expect(rest.Events?.map((e) => e.EventType)).toContain("ExecutionSucceeded");
    }
  });

  it("history: ReverseOrder pages newest first; a Marker that is not one is InvalidParameterValueException", async () => {
    const { DurableExecutionArn } = await face.lambda.send(
      new InvokeCommand({ FunctionName: "steps", Payload: json({ count: 10 }) }),
    );
    const all = await face.lambda.send(
      new GetDurableExecutionHistoryCommand({ DurableExecutionArn }),
    );
    const ids: number[] = [];
    let Marker: string | undefined;
    do {
      const page = await face.lambda.send(
        new GetDurableExecutionHistoryCommand({
          DurableExecutionArn,
          ReverseOrder: true,
          MaxItems: 4,
          Marker,
        }),
      );
      ids.push(...(page.Events ?? []).map((e) => e.EventId!));
      Marker = page.NextMarker;
    } while (Marker);
    expect(ids).toEqual(all.Events?.map((e) => e.EventId!).reverse());
    await expect(
      face.lambda.send(
        new GetDurableExecutionHistoryCommand({ DurableExecutionArn, Marker: "not-a-marker" }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  it("list: newest first by default, ReverseOrder=true oldest first, 100 a page, Marker checked", async () => {
    for (let i = 0; i < 101; i++) {
      face.clock.advance(1_000);
      await start("pause", `e-${String(i).padStart(3, "0")}`);
    }
    await face.runtime.settle();
    const names = async (ReverseOrder?: boolean, Marker?: string) => {
      const page = await face.lambda.send(
        new ListDurableExecutionsByFunctionCommand({ FunctionName: "pause", ReverseOrder, Marker }),
      );
      return { names: page.DurableExecutions?.map((e) => e.DurableExecutionName), page };
    };
    const newest = await names();
    expect(newest.names).toHaveLength(100);
    expect(newest.names?.slice(0, 2)).toEqual(["e-100", "e-099"]);
    expect((await names(undefined, newest.page.NextMarker)).names).toEqual(["e-000"]);
    await expect(names(undefined, "not-a-marker")).rejects.toBeInstanceOf(
      InvalidParameterValueException,
    );
    const oldest = await names(true);
    expect(oldest.names?.slice(0, 2)).toEqual(["e-000", "e-001"]);
    expect((await names(true, oldest.page.NextMarker)).names).toEqual(["e-100"]);
  });

  it("an unknown function is ResourceNotFoundException naming its ARN (list: not an empty page)", async () => {
    const list = face.lambda.send(
      new ListDurableExecutionsByFunctionCommand({ FunctionName: "nobody" }),
    );
    await expect(list).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(list).rejects.toThrow(
      "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nobody",
    );
    for (const InvocationType of ["RequestResponse", "Event", "DryRun"] as const) {
      await expect(
        face.lambda.send(new InvokeCommand({ FunctionName: "nobody:live", InvocationType })),
      ).rejects.toThrow(
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nobody:live",
      );
    }
  });

  it("list: Qualifier (or a qualified FunctionName) filters by version; without it, all versions", async () => {
    await start("pause", "on-latest");
    await start("pause:7", "on-seven");
    await face.lambda.send(
      new InvokeCommand({
        FunctionName: "pause",
        Qualifier: "live",
        InvocationType: "Event",
        DurableExecutionName: "via-alias",
        Payload: json({ name: "x", waitSeconds: 60 }),
      }),
    );
    const list = async (FunctionName: string, Qualifier?: string) =>
      (
        await face.lambda.send(
          new ListDurableExecutionsByFunctionCommand({ FunctionName, Qualifier }),
        )
      ).DurableExecutions?.map((e) => e.DurableExecutionName).sort();
    expect(await list("pause")).toEqual(["on-latest", "on-seven", "via-alias"]);
    expect(await list("pause", "7")).toEqual(["on-seven"]);
    expect(await list("pause:7")).toEqual(["on-seven"]);
    expect(await list("pause", "$LATEST")).toEqual(["on-latest", "via-alias"]);
    expect(await list("arn:aws:lambda:us-east-1:000000000000:function:pause:$LATEST")).toEqual([
      "on-latest",
      "via-alias",
    ]);
  });
});

describe("Invoke", () => {
  it("an alias runs and reports $LATEST (ExecutedVersion, execution ARN); a version stays", async () => {
    const viaAlias = await face.lambda.send(
      new InvokeCommand({ FunctionName: "steps:live", Payload: json({ count: 1 }) }),
    );
    expect(viaAlias.ExecutedVersion).toBe("$LATEST");
    expect(viaAlias.DurableExecutionArn).toMatch(MODEL_ARN);
    expect(viaAlias.DurableExecutionArn).toContain(":function:steps:$LATEST/durable-execution/");
    const viaVersion = await face.lambda.send(
      new InvokeCommand({ FunctionName: "steps", Qualifier: "3", Payload: json({ count: 1 }) }),
    );
    expect(viaVersion.ExecutedVersion).toBe("3");
    expect(viaVersion.DurableExecutionArn).toMatch(MODEL_ARN);
    const execution = await face.lambda.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: viaVersion.DurableExecutionArn }),
    );
    expect(execution.Version).toBe("3");
  });

  it("LogType Tail answers a base64 log tail in LogResult; None answers none", async () => {
    const tail = await face.lambda.send(
      new InvokeCommand({ FunctionName: "steps", LogType: "Tail", Payload: json({ count: 1 }) }),
    );
    const log = Buffer.from(tail.LogResult ?? "", "base64").toString("utf8");
    expect(log).toMatch(/^START RequestId: \S+ Version: \$LATEST\nEND RequestId: \S+\nREPORT /);
    const none = await face.lambda.send(
      new InvokeCommand({ FunctionName: "steps", Payload: json({ count: 1 }) }),
    );
    expect(none.LogResult).toBeUndefined();
  });

  // Lambda's answer here is an error its model does not list (so a LambdaServiceException).
  it("Event payloads over 1 MB are RequestEntityTooLargeException (413); a synchronous 1.5 MB one runs", async () => {
    const big = { count: 1, pad: "x".repeat(1536 * 1024) };
    const event = face.lambda.send(
      new InvokeCommand({ FunctionName: "steps", InvocationType: "Event", Payload: json(big) }),
    );
    await expect(event).rejects.toMatchObject({
      name: "RequestEntityTooLargeException",
      $metadata: { httpStatusCode: 413 },
      message: `${json(big).byteLength} byte payload is too large for the Event invocation type (limit 1048576 bytes)`,
    });
    const sync = await face.lambda.send(
      new InvokeCommand({ FunctionName: "steps", Payload: json(big) }),
    );
    expect(JSON.parse(text(sync.Payload))).toEqual({ sum: 0 });
  });
});

describe("Invoke of a standard (on-demand) function", () => {
  it("runs it once: its answer, or Unhandled with its error; Event is 202; no execution", async () => {
    const calls: unknown[] = [];
    face.runtime.register(
      "price",
      (async (event: { drink: string }) => {
        calls.push(event);
        if (event.drink === "tea") throw new TypeError("no tea here");
        return { drink: event.drink, cents: 350 };
      }) as never,
      { durable: false },
    );
    const ok = await face.lambda.send(
      new InvokeCommand({ FunctionName: "price", Payload: json({ drink: "latte" }) }),
    );
    expect([ok.StatusCode, ok.FunctionError, ok.DurableExecutionArn]).toEqual([
      200,
      undefined,
      undefined,
    ]);
    expect(JSON.parse(text(ok.Payload))).toEqual({ drink: "latte", cents: 350 });
    expect(ok.ExecutedVersion).toBe("$LATEST");

    const failed = await face.lambda.send(
      new InvokeCommand({ FunctionName: "price", Payload: json({ drink: "tea" }) }),
    );
    expect(failed.FunctionError).toBe("Unhandled");
    expect(JSON.parse(text(failed.Payload))).toMatchObject({
      errorType: "TypeError",
      errorMessage: "no tea here",
    });

    const queued = await face.lambda.send(
      new InvokeCommand({
        FunctionName: "price",
        InvocationType: "Event",
        Payload: json({ drink: "mocha" }),
      }),
    );
    expect(queued.StatusCode).toBe(202);
    await expect.poll(() => calls.length).toBe(3);
    expect(calls).toEqual([{ drink: "latte" }, { drink: "tea" }, { drink: "mocha" }]);
    const { DurableExecutions } = await face.lambda.send(
      new ListDurableExecutionsByFunctionCommand({ FunctionName: "price" }),
    );
    expect(DurableExecutions).toEqual([]);
  });
});

describe("GetDurableExecution", () => {
  it("IncludeExecutionData=false leaves out input, result and error", async () => {
    const { DurableExecutionArn } = await face.lambda.send(
      new InvokeCommand({ FunctionName: "failing", Payload: json({ secret: 1 }) }),
    );
    const full = await face.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn }));
    expect(full.Error?.ErrorMessage).toBe("the order cannot be made");
    expect(full.InputPayload).toContain("secret");
    const compact = await face.lambda.send(
      new GetDurableExecutionCommand({ DurableExecutionArn, IncludeExecutionData: false }),
    );
    expect(compact).toMatchObject({ Status: "FAILED", ExecutionDataIncluded: false });
    expect(compact.Error).toBeUndefined();
    expect(compact.InputPayload).toBeUndefined();
  });
});

describe("callbacks", () => {
  it("ids are standard base64 as Lambda's, and survive client-lambda's and fetch's URL encoding", async () => {
    for (let i = 0; i < 4; i++) await start("approval", `cb-${i}`);
    await face.runtime.settle();
    expect(callbackIds).toHaveLength(4);
    for (const id of callbackIds) expect(id).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const [a, b, c, d] = callbackIds as [string, string, string, string];
    await face.lambda.send(
      new SendDurableExecutionCallbackSuccessCommand({ CallbackId: a, Result: json("ok") }),
    );
    await face.lambda.send(
      new SendDurableExecutionCallbackFailureCommand({
        CallbackId: b,
        Error: { ErrorMessage: "no" },
      }),
    );
    // A raw client that encodes the id as a path segment must do so; curl's default content
    // type and members the model does not have are accepted, as Lambda accepts them.
    const raw = (id: string, action: string, body: string, type: string) =>
      fetch(`${face.url}/2025-12-01/durable-execution-callbacks/${enc(id)}/${action}`, {
        method: "POST",
        headers: { "Content-Type": type },
        body,
      });
    expect((await raw(c, "succeed", '"fine"', "application/x-www-form-urlencoded")).status).toBe(
      200,
    );
    const fail = await raw(
      d,
      "fail",
      JSON.stringify({ ErrorType: "Late", ErrorMessage: "gone", Unknown: { x: 1 } }),
      "text/plain",
    );
    expect(fail.status).toBe(200);
    expect(await fail.json()).toEqual({});
    await face.runtime.settle();
    const statuses = await Promise.all(
      ["cb-0", "cb-1", "cb-2", "cb-3"].map(async (name) => {
        const { DurableExecutions } = await face.lambda.send(
          new ListDurableExecutionsByFunctionCommand({
            FunctionName: "approval",
            DurableExecutionName: name,
          }),
        );
        return DurableExecutions?.[0]?.Status;
      }),
    );
    expect(statuses).toEqual(["SUCCEEDED", "FAILED", "SUCCEEDED", "FAILED"]);
  });
});

describe("clients that are not the JS SDK", () => {
  it("Invoke without a body or content type, and Stop with extra members and text/plain", async () => {
    // The function ARN's ':' left unencoded in the path, as curl users write it.
    const res = await fetch(
      `${face.url}/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:approval/invocations`,
      { method: "POST", headers: { "X-Amz-Invocation-Type": "Event" } },
    );
    expect(res.status).toBe(202);
    const arn = res.headers.get("X-Amz-Durable-Execution-Arn")!;
    expect(arn).toMatch(MODEL_ARN);
    await face.runtime.settle();
    const stop = await fetch(`${face.url}/2025-12-01/durable-executions/${enc(arn)}/stop`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ ErrorMessage: "closing", NotInTheModel: true }),
    });
    expect(stop.status).toBe(200);
    expect(stop.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Object.keys((await stop.json()) as object)).toEqual(["StopTimestamp"]);
    const execution = await face.lambda.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: arn }),
    );
    expect(execution).toMatchObject({ Status: "STOPPED", Error: { ErrorMessage: "closing" } });
  });
});
