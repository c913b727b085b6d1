import {
  DeleteDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  ListDurableExecutionsByFunctionCommand,
  PauseDurableExecutionCommand,
  ResumeDurableExecutionCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { afterEach, beforeEach, expect, it } from "vitest";
import { sequentialSteps } from "../testing/handlers.js";
import { type HttpFace, recordingApproval, startHttpFace } from "../testing/http-face.js";

// PauseDurableExecution, ResumeDurableExecution and DeleteDurableExecution through the newest
// client-lambda, on a running and on a finished execution, as a team would try them.

let face: HttpFace;
let callbackIds: string[];

beforeEach(async () => {
  face = await startHttpFace();
  callbackIds = [];
  face.runtime.register("steps", sequentialSteps);
  face.runtime.register("approval", recordingApproval(callbackIds));
});
afterEach(() => face.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { name: string; $metadata: { httpStatusCode?: number } }) => ({
      name: e.name,
      status: e.$metadata.httpStatusCode,
    }),
  );

async function invoke(FunctionName: string, DurableExecutionName?: string) {
  const out = await face.lambda.send(
    new InvokeCommand({
      FunctionName,
      InvocationType: "Event",
      DurableExecutionName,
      Payload: new TextEncoder().encode(JSON.stringify({ count: 2 })),
    }),
  );
  await face.runtime.settle();
  return out.DurableExecutionArn!;
}

const get = (DurableExecutionArn: string, IncludeExecutionData?: boolean) =>
  face.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn, IncludeExecutionData }));

it("pauses and resumes a running execution; the callback sent while paused is kept", async () => {
  const arn = await invoke("approval", "order-7");
  const paused = await face.lambda.send(
    new PauseDurableExecutionCommand({ DurableExecutionArn: arn, Reason: "espresso machine down" }),
  );
  expect(paused.$metadata.httpStatusCode).toBe(202);
  const seen = await get(arn);
  expect(seen.Status).toBe("PAUSED");
  expect(seen.PauseDetails).toMatchObject({
    Reason: "espresso machine down",
    ExecutionTimeoutPaused: true,
  });
  expect((await get(arn, false)).PauseDetails?.Reason).toBeUndefined();
  // Invoking with the paused execution's name answers that execution.
  expect(await invoke("approval", "order-7")).toBe(arn);
  const listed = await face.lambda.send(
    new ListDurableExecutionsByFunctionCommand({ FunctionName: "approval", Statuses: ["PAUSED"] }),
  );
  expect(listed.DurableExecutions?.map((e) => e.DurableExecutionArn)).toEqual([arn]);
  await face.lambda.send(
    new SendDurableExecutionCallbackSuccessCommand({
      CallbackId: callbackIds[0]!,
      Result: new TextEncoder().encode('"oat flat white"'),
    }),
  );
  await face.runtime.settle();
  expect((await get(arn)).Status).toBe("PAUSED");
  await face.lambda.send(
    new ResumeDurableExecutionCommand({ DurableExecutionArn: arn, Reason: "fixed" }),
  );
  await face.runtime.settle();
  const done = await get(arn);
  expect(done.Status).toBe("SUCCEEDED");
  expect(JSON.parse(done.Result!)).toEqual({ answer: '"oat flat white"' });
  const { Events = [] } = await face.lambda.send(
    new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }),
  );
  const paused_ = Events.find((e) => e.EventType === "ExecutionPaused");
  const resumed = Events.find((e) => e.EventType === "ExecutionResumed");
  expect(paused_?.ExecutionPausedDetails?.Reason?.Payload).toBe("espresso machine down");
  expect(resumed?.ExecutionResumedDetails?.Reason?.Payload).toBe("fixed");
  expect(resumed?.ExecutionResumedDetails?.ResumeRequestTimestamp).toBeInstanceOf(Date);
});

it("refuses to pause a finished execution or delete a running one; deletes a finished one", async () => {
  const running = await invoke("approval");
  const finished = await invoke("steps");
  expect((await get(finished)).Status).toBe("SUCCEEDED");
  expect(
    await failure(
      face.lambda.send(new PauseDurableExecutionCommand({ DurableExecutionArn: finished })),
    ),
  ).toEqual({ name: "ResourceConflictException", status: 409 });
  expect(
    await failure(
      face.lambda.send(new ResumeDurableExecutionCommand({ DurableExecutionArn: running })),
    ),
  ).toEqual({ name: "ResourceConflictException", status: 409 });
  expect(
    await failure(
      face.lambda.send(new DeleteDurableExecutionCommand({ DurableExecutionArn: running })),
    ),
  ).toEqual({ name: "ResourceConflictException", status: 409 });
  const deleted = await face.lambda.send(
    new DeleteDurableExecutionCommand({ DurableExecutionArn: finished }),
  );
  expect(deleted.$metadata.httpStatusCode).toBe(202);
  expect(deleted.DeletionRequestTimestamp).toEqual(new Date(face.clock.now()));
  expect((await get(finished)).Status).toBe("DELETING");
  await face.runtime.settle();
  expect(await failure(get(finished))).toEqual({ name: "ResourceNotFoundException", status: 404 });
  expect(
    await failure(
      face.lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: finished })),
    ),
  ).toEqual({ name: "ResourceNotFoundException", status: 404 });
});

it("the client's generated ClientToken makes a retried pause a no-op", async () => {
  const arn = await invoke("approval");
  const request = { DurableExecutionArn: arn, ClientToken: "retry-1", Reason: "audit" };
  await face.lambda.send(new PauseDurableExecutionCommand(request));
  await face.lambda.send(new PauseDurableExecutionCommand(request));
  expect(
    await failure(face.lambda.send(new PauseDurableExecutionCommand({ DurableExecutionArn: arn }))),
  ).toEqual({ name: "ResourceConflictException", status: 409 });
  const { Events = [] } = await face.lambda.send(
    new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }),
  );
  expect(Events.filter((e) => e.EventType === "ExecutionPaused")).toHaveLength(1);
});
