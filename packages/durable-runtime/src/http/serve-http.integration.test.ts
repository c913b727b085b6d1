import { connect } from "node:net";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import {
  DurableExecutionAlreadyStartedException,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  type LambdaClient,
  LambdaServiceException,
  ListDurableExecutionsByFunctionCommand,
  ResourceNotFoundException,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from "@aws-sdk/client-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DurableRuntime, ManualClock } from "../index.js";
import { MAX_REQUEST_BYTES } from "../lambda-limits.js";
import { type HttpFace, recordingApproval, startHttpFace } from "../testing/http-face.js";

// The HTTP face end to end: the real engine on an in-memory SQLite store and a manual clock,
// a real server on 127.0.0.1:0, and the unmodified AWS SDK client talking to it.

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

let clock: ManualClock;
let runtime: DurableRuntime;
let face: HttpFace;
let lambda: LambdaClient;
let callbackIds: string[];

beforeEach(async () => {
  face = await startHttpFace();
  ({ runtime, clock, lambda } = face);
  callbackIds = [];
  runtime.register(
    "greeter",
    withDurableExecution(async (event: { name: string }, ctx) => {
      const greeting = await ctx.step("greet", async () => `hello ${event.name}`);
      return { greeting };
    }),
  );
  runtime.register(
    "sleeper",
    withDurableExecution(async (_event: unknown, ctx) => {
      await ctx.wait("nap", { seconds: 60 });
      return "awake";
    }),
  );
  runtime.register("approval", recordingApproval(callbackIds));
  runtime.register(
    "measure",
    withDurableExecution(async (event: { blob: string }) => ({ length: event.blob.length })),
  );
  runtime.register(
    "failing",
    withDurableExecution(async () => {
      throw new TypeError("the grinder is jammed");
    }),
  );
});

afterEach(() => face.close());

describe("Invoke", () => {
  it("RequestResponse waits for the whole execution and answers its result with the ARN header", async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: "greeter", Payload: json({ name: "Ada" }) }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(text(out.Payload))).toEqual({ greeting: "hello Ada" });
    expect(out.DurableExecutionArn).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:greeter/);
    const execution = await lambda.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: out.DurableExecutionArn }),
    );
    expect(execution.Status).toBe("SUCCEEDED");
    expect(execution.StartTimestamp).toBeInstanceOf(Date);
    expect(execution.StartTimestamp?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("RequestResponse on a failing execution answers 200 with X-Amz-Function-Error and the error", async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: "failing", Payload: json({}) }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe("Unhandled");
    expect(JSON.parse(text(out.Payload))).toMatchObject({
      errorType: "TypeError",
      errorMessage: "the grinder is jammed",
    });
  });

  it("Event answers 202 at once; the execution name makes the start idempotent", async () => {
    const start = (drink: string) =>
      lambda.send(
        new InvokeCommand({
          FunctionName: "sleeper",
          InvocationType: "Event",
          DurableExecutionName: "order-1",
          Payload: json({ drink }),
        }),
      );
    const first = await start("latte");
    expect(first.StatusCode).toBe(202);
    expect(first.DurableExecutionArn).toContain("order-1");
    await runtime.settle();

    const again = await start("latte");
    expect(again.StatusCode).toBe(202);
    expect(again.DurableExecutionArn).toBe(first.DurableExecutionArn);

    const conflict = start("mocha");
    await expect(conflict).rejects.toBeInstanceOf(DurableExecutionAlreadyStartedException);
    await expect(conflict).rejects.toMatchObject({ $metadata: { httpStatusCode: 409 } });

    const running = await lambda.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: first.DurableExecutionArn }),
    );
    expect(running).toMatchObject({ Status: "RUNNING", DurableExecutionName: "order-1" });
    expect(JSON.parse(running.InputPayload ?? "null")).toEqual({ drink: "latte" });

    clock.advance(60_000);
    await runtime.settle();
    const done = await lambda.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: first.DurableExecutionArn }),
    );
    expect(done.Status).toBe("SUCCEEDED");
    expect(JSON.parse(done.Result ?? "null")).toBe("awake");
    expect(done.EndTimestamp?.toISOString()).toBe("2026-01-01T00:01:00.000Z");
  });

  it("an unknown function is ResourceNotFoundException, DryRun included", async () => {
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: "nobody", InvocationType: "Event" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: "nobody", InvocationType: "DryRun" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    const known = await lambda.send(
      new InvokeCommand({ FunctionName: "greeter:$LATEST", InvocationType: "DryRun" }),
    );
    expect(known.StatusCode).toBe(204);
    expect(runtime.hasFunction("arn:aws:lambda:us-east-1:000000000000:function:greeter")).toBe(
      true,
    );
  });
});

describe("read side", () => {
  it("history has Lambda Events, with dates, paged by MaxItems/Marker", async () => {
    const { DurableExecutionArn } = await lambda.send(
      new InvokeCommand({ FunctionName: "greeter", Payload: json({ name: "Grace" }) }),
    );
    const history = await lambda.send(
      new GetDurableExecutionHistoryCommand({ DurableExecutionArn, IncludeExecutionData: true }),
    );
    const types = history.Events?.map((e) => e.EventType);
    expect(types).toEqual(
      expect.arrayContaining([
        "ExecutionStarted",
        "StepStarted",
        "StepSucceeded",
        "ExecutionSucceeded",
      ]),
    );
    expect(types?.[0]).toBe("ExecutionStarted");
    expect(history.Events?.every((e) => e.EventTimestamp instanceof Date)).toBe(true);
    const step = history.Events?.find((e) => e.EventType === "StepSucceeded");
    expect(step?.Name).toBe("greet");

    const page = await lambda.send(
      new GetDurableExecutionHistoryCommand({ DurableExecutionArn, MaxItems: 1 }),
    );
    expect(page.Events).toHaveLength(1);
    expect(page.NextMarker).toBeTruthy();
    const next = await lambda.send(
      new GetDurableExecutionHistoryCommand({
        DurableExecutionArn,
        MaxItems: 1,
        Marker: page.NextMarker,
      }),
    );
    expect(next.Events?.[0]?.EventId).not.toBe(page.Events?.[0]?.EventId);
  });

  it("lists executions by function, filtered by status and name", async () => {
    for (const name of ["a", "b"]) {
      await lambda.send(
        new InvokeCommand({
          FunctionName: "sleeper",
          InvocationType: "Event",
          DurableExecutionName: name,
        }),
      );
    }
    await runtime.settle();
    const all = await lambda.send(
      new ListDurableExecutionsByFunctionCommand({ FunctionName: "sleeper" }),
    );
    expect(all.DurableExecutions?.map((e) => e.DurableExecutionName).sort()).toEqual(["a", "b"]);
    expect(all.DurableExecutions?.[0]?.StartTimestamp).toBeInstanceOf(Date);
    const running = await lambda.send(
      new ListDurableExecutionsByFunctionCommand({
        FunctionName: "sleeper",
        Statuses: ["RUNNING"],
        DurableExecutionName: "b",
      }),
    );
    expect(running.DurableExecutions?.map((e) => e.DurableExecutionName)).toEqual(["b"]);
    const succeeded = await lambda.send(
      new ListDurableExecutionsByFunctionCommand({
        FunctionName: "sleeper",
        Statuses: ["SUCCEEDED"],
      }),
    );
    expect(succeeded.DurableExecutions).toEqual([]);
  });

  it("stops a running execution", async () => {
    const { DurableExecutionArn } = await lambda.send(
      new InvokeCommand({ FunctionName: "sleeper", InvocationType: "Event" }),
    );
    await runtime.settle();
    const stopped = await lambda.send(
      new StopDurableExecutionCommand({
        DurableExecutionArn,
        Error: { ErrorType: "Cancelled", ErrorMessage: "customer left" },
      }),
    );
    expect(stopped.StopTimestamp?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    const execution = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn }));
    expect(execution.Status).toBe("STOPPED");
  });

  it("unknown executions are ResourceNotFoundException; a value outside the model is ValidationException", async () => {
    const unknown =
      "arn:aws:lambda:us-east-1:000000000000:function:greeter:$LATEST/durable-execution/none/0000";
    for (const command of [
      new GetDurableExecutionCommand({ DurableExecutionArn: unknown }),
      new GetDurableExecutionHistoryCommand({ DurableExecutionArn: unknown }),
      new StopDurableExecutionCommand({ DurableExecutionArn: unknown }),
    ]) {
      // biome-ignore lint/suspicious/noExplicitAny: one loop over several command types
      await expect(lambda.send(command as any)).rejects.toBeInstanceOf(ResourceNotFoundException);
    }
    const invalid = lambda.send(
      new ListDurableExecutionsByFunctionCommand({ FunctionName: "greeter", MaxItems: 5000 }),
    );
    await expect(invalid).rejects.toMatchObject({
      name: "ValidationException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(invalid).rejects.toThrow(
      "Value '5000' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
  });

  it("malformed bodies get 400 with the Lambda error type, never a 500", async () => {
    const arn = encodeURIComponent(
      "arn:aws:lambda:us-east-1:000000000000:function:greeter:$LATEST/durable-execution/x/1",
    );
    for (const [path, body] of [
      [`/2025-12-01/durable-executions/${arn}/checkpoint`, "{oops"],
      [`/2025-12-01/durable-executions/${arn}/checkpoint`, JSON.stringify({ Updates: "nope" })],
      ["/2025-12-01/durable-execution-callbacks/abc/fail", JSON.stringify({ ErrorMessage: 42 })],
      ["/2015-03-31/functions/greeter/invocations", "not json"],
    ] as const) {
      const res = await fetch(`${face.url}${path}`, { method: "POST", body });
      expect(res.status, path).toBe(400);
      expect(res.headers.get("x-amzn-errortype"), path).toMatch(
        /^(InvalidParameterValueException|InvalidRequestContentException)$/,
      );
    }
  });
});

describe("callbacks", () => {
  async function startApproval(name: string) {
    const { DurableExecutionArn } = await lambda.send(
      new InvokeCommand({
        FunctionName: "approval",
        InvocationType: "Event",
        DurableExecutionName: name,
      }),
    );
    await runtime.settle();
    expect(callbackIds).toHaveLength(1);
    return { arn: DurableExecutionArn!, callbackId: callbackIds[0]! };
  }

  it("heartbeat then success completes the execution; a repeated completion is rejected", async () => {
    const { arn, callbackId } = await startApproval("approve-1");
    await lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    await lambda.send(
      new SendDurableExecutionCallbackSuccessCommand({
        CallbackId: callbackId,
        Result: new TextEncoder().encode("yes"),
      }),
    );
    await runtime.settle();
    const execution = await lambda.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: arn }),
    );
    expect(execution.Status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.Result ?? "null")).toEqual({ answer: "yes" });

    const repeated = lambda.send(
      new SendDurableExecutionCallbackSuccessCommand({
        CallbackId: callbackId,
        Result: json("again"),
      }),
    );
    await expect(repeated).rejects.toBeInstanceOf(LambdaServiceException);
    await expect(repeated).rejects.toMatchObject({ $fault: "client" });
  });

  it("failure fails the execution with the sent error", async () => {
    const { arn, callbackId } = await startApproval("approve-2");
    await lambda.send(
      new SendDurableExecutionCallbackFailureCommand({
        CallbackId: callbackId,
        Error: { ErrorType: "Rejected", ErrorMessage: "manager said no" },
      }),
    );
    await runtime.settle();
    const execution = await lambda.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: arn }),
    );
    expect(execution.Status).toBe("FAILED");
    expect(execution.Error?.ErrorMessage).toContain("manager said no");
  });

  // Lambda's API reference: a well-formed id that names no callback is
  // ResourceNotFoundException; one outside the model (too long) a ValidationException.
  it("unknown callback ids are ResourceNotFoundException, malformed ones ValidationException", async () => {
    for (const command of [
      new SendDurableExecutionCallbackSuccessCommand({ CallbackId: "no-such-callback" }),
      new SendDurableExecutionCallbackFailureCommand({ CallbackId: "no-such-callback" }),
      new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: "no-such-callback" }),
    ]) {
      // biome-ignore lint/suspicious/noExplicitAny: one loop over several command types
      const error = await lambda.send(command as any).then(
        () => undefined,
        (e: unknown) => e as LambdaServiceException,
      );
      expect(error).toBeInstanceOf(LambdaServiceException);
      expect(error?.$fault).toBe("client");
      expect(error?.name).toBe("ResourceNotFoundException");
      expect(error?.$metadata.httpStatusCode).toBe(404);
    }
    await expect(
      lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: "x".repeat(1025) })),
    ).rejects.toMatchObject({ name: "ValidationException", $metadata: { httpStatusCode: 400 } });
  });
});

/** An answer as a raw HTTP/1.1 client reads it. */
interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * POSTs an Invoke of `measure` with `{"blob": "x…"}` of `blobBytes`, the way many clients do
 * (Python's http.client, the AWS CLI): the whole body first, then the answer is read. Chunked
 * (no Content-Length) unless `contentLength`. A connection closed while the body was still going
 * out rejects: the client never gets to read an answer.
 */
function sendWholeBodyThenRead(
  url: string,
  blobBytes: number,
  options: { contentLength?: boolean } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const prefix = Buffer.from('{"blob":"');
  const suffix = Buffer.from('"}');
  const piece = Buffer.alloc(256 * 1024, "x");
  const total = prefix.length + blobBytes + suffix.length;
  const framing = options.contentLength ? `Content-Length: ${total}` : "Transfer-Encoding: chunked";
  const frame = (data: Buffer) =>
    options.contentLength
      ? [data]
      : [Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.pause();
    const received: Buffer[] = [];
    socket.on("error", (error) => reject(new Error(`connection closed: ${error.message}`)));
    socket.once("connect", async () => {
      const write = (data: Buffer) =>
        new Promise<void>((done) => {
          if (socket.write(data)) done();
          else socket.once("drain", done);
        });
      await write(
        Buffer.from(
          "POST /2015-03-31/functions/measure/invocations HTTP/1.1\r\n" +
            `Host: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
            `${framing}\r\nConnection: close\r\n\r\n`,
        ),
      );
      for (const part of frame(prefix)) await write(part);
      for (let left = blobBytes; left > 0 && !socket.destroyed; left -= piece.length) {
        const data = left >= piece.length ? piece : piece.subarray(0, left);
        for (const part of frame(data)) await write(part);
      }
      for (const part of frame(suffix)) await write(part);
      if (!options.contentLength) await write(Buffer.from("0\r\n\r\n"));
      // Everything is sent: only now read.
      socket.on("data", (data: Buffer) => received.push(data));
      socket.once("end", () => {
        const raw = Buffer.concat(received).toString();
        const [head = "", ...rest] = raw.split("\r\n\r\n");
        const [statusLine = "", ...lines] = head.split("\r\n");
        const headers = Object.fromEntries(
          lines.map((line) => {
            const at = line.indexOf(":");
            return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
          }),
        );
        resolve({ status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") });
      });
      socket.resume();
    });
  });
}

describe("request bodies over Lambda's 6 MB limit, over HTTP", () => {
  const tooLarge = {
    Type: "User",
    message: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`,
  };

  it("a chunked body over the limit gets 413 RequestEntityTooLargeException, read after the whole body", async () => {
    // Several times the limit: more than the kernel's socket buffers hold, so the server has to
    // read on past the limit for the client to finish sending.
    const answer = await sendWholeBodyThenRead(face.url, 4 * MAX_REQUEST_BYTES);
    expect(answer.status).toBe(413);
    expect(answer.headers["x-amzn-errortype"]).toBe("RequestEntityTooLargeException");
    expect(JSON.parse(answer.body)).toEqual(tooLarge);
    const started = await runtime.listExecutions({ functionName: "measure" });
    expect(started.DurableExecutions).toEqual([]);
  });

  it("a chunked body just under the limit is invoked", async () => {
    const blobBytes = MAX_REQUEST_BYTES - 64;
    const answer = await sendWholeBodyThenRead(face.url, blobBytes);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ length: blobBytes });
  });

  it("a Content-Length over the limit still gets the 413", async () => {
    const answer = await sendWholeBodyThenRead(face.url, 2 * MAX_REQUEST_BYTES, {
      contentLength: true,
    });
    expect(answer.status).toBe(413);
    expect(answer.headers["x-amzn-errortype"]).toBe("RequestEntityTooLargeException");
    expect(JSON.parse(answer.body)).toEqual(tooLarge);
  });
});
