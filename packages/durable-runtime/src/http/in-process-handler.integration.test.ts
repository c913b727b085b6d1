import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  LambdaClient,
  ListDurableExecutionsByFunctionCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, expect, it } from "vitest";
import { failing } from "../testing/handlers.js";
import { type HttpFace, recordingApproval, startHttpFace } from "../testing/http-face.js";
import { inProcessRequestHandler } from "./in-process-handler.js";

// The Lambda face without the socket answers client-lambda as the face over HTTP does: each
// call goes through both clients against one runtime, and the answers (or errors) are compared
// with their request metadata left out.

let face: HttpFace;
let inProcess: LambdaClient;
const callbackIds: string[] = [];
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
type LambdaCommand =
  | InvokeCommand
  | GetDurableExecutionCommand
  | GetDurableExecutionHistoryCommand
  | ListDurableExecutionsByFunctionCommand
  | SendDurableExecutionCallbackSuccessCommand;

beforeAll(async () => {
  face = await startHttpFace();
  face.runtime.register("approval", recordingApproval(callbackIds));
  face.runtime.register("failing", failing);
  inProcess = new LambdaClient({
    endpoint: face.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: inProcessRequestHandler(face.runtime),
  });
});

afterAll(async () => {
  inProcess.destroy();
  await face.close();
});

/** What a caller sees of one call: the output without `$metadata`, or the error's name and status. */
async function outcome(client: LambdaClient, command: LambdaCommand) {
  try {
    const { $metadata: _, ...output } = (await client.send(command as never)) as {
      $metadata: unknown;
    };
    return { output };
  } catch (error) {
    const e = error as { name: string; $metadata: { httpStatusCode?: number } };
    return { error: e.name, status: e.$metadata.httpStatusCode };
  }
}

/** In process first, then over HTTP: the same outcome. */
async function same(command: LambdaCommand) {
  const first = await outcome(inProcess, command);
  expect(await outcome(face.lambda, command)).toEqual(first);
  return first;
}

it("starts, reads, lists and completes callbacks as over HTTP, errors included", async () => {
  const invoke = (DurableExecutionName: string, Payload: Uint8Array, FunctionName = "approval") =>
    new InvokeCommand({ FunctionName, InvocationType: "Event", DurableExecutionName, Payload });
  // A start, then the same start again (idempotent), then the same name with another input.
  const started = await same(invoke("order-1", json({ drink: "latte" })));
  expect(started.output).toMatchObject({ StatusCode: 202 });
  const arn = (started.output as { DurableExecutionArn: string }).DurableExecutionArn;
  expect(arn).toContain("/durable-execution/order-1/");
  expect(await same(invoke("order-1", json({ drink: "mocha" })))).toEqual({
    error: "DurableExecutionAlreadyStartedException",
    status: 409,
  });
  expect(await same(invoke("x", json({}), "nobody"))).toMatchObject({
    error: "ResourceNotFoundException",
  });
  // Over the Event payload limit: the face's body limit, in process too.
  expect(await same(invoke("big", json({ blob: "x".repeat(1_100_000) })))).toMatchObject({
    error: "RequestEntityTooLargeException",
    status: 413,
  });
  // Over the face's request limit (6 MB): refused by its size, unread, in process too.
  const huge = new InvokeCommand({
    FunctionName: "approval",
    InvocationType: "RequestResponse",
    Payload: json({ blob: "x".repeat(7 * 1024 * 1024) }),
  });
  expect(await same(huge)).toMatchObject({ error: "RequestEntityTooLargeException", status: 413 });
  await same(invoke("order-2", json({ drink: "tea" })));
  await same(invoke("broken", json({}), "failing"));
  await face.runtime.settle();

  expect(callbackIds).toHaveLength(2);
  const running = await same(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  expect(running.output).toMatchObject({ Status: "RUNNING" });
  // A callback id is base64: `+`, `/` and `=` travel in the path, encoded by the client.
  const [first] = callbackIds as [string];
  const succeed = new SendDurableExecutionCallbackSuccessCommand({
    CallbackId: first,
    Result: json("approved"),
  });
  expect(await outcome(inProcess, succeed)).toEqual({ output: {} });
  await face.runtime.settle();
  // Completed once: a second completion is refused the same way on both.
  expect((await same(succeed)).error).toBeDefined();

  const done = await same(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  expect(done.output).toMatchObject({ Status: "SUCCEEDED" });
  expect(JSON.parse((done.output as { Result: string }).Result)).toEqual({ answer: '"approved"' });
  const history = await same(
    new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, MaxItems: 3 }),
  );
  expect((history.output as { Events: unknown[] }).Events).toHaveLength(3);
  // Query parameters: a page of one, then the next page by its marker.
  const page = await same(
    new ListDurableExecutionsByFunctionCommand({ FunctionName: "approval", MaxItems: 1 }),
  );
  const marker = (page.output as { NextMarker?: string }).NextMarker;
  expect(marker).toBeDefined();
  const next = await same(
    new ListDurableExecutionsByFunctionCommand({
      FunctionName: "approval",
      MaxItems: 1,
      Marker: marker,
      Statuses: ["RUNNING", "SUCCEEDED"],
    }),
  );
  expect((next.output as { DurableExecutions: unknown[] }).DurableExecutions).toHaveLength(1);
});
