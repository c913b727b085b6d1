import {
  type DurableContext,
  DurableExecutionApiClient,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  GetDurableExecutionStateCommand,
  InvalidParameterValueException,
  InvokeCommand,
  type LambdaClient,
  type Operation,
} from "@aws-sdk/client-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DurableRuntime, ManualClock } from "../index.js";
import { type HttpFace, startHttpFace } from "../testing/http-face.js";

// Handlers in another process talk to the service through CheckpointDurableExecution and
// GetDurableExecutionState. Here the "other process" is simulated faithfully: the registered
// function hands a plain envelope (no in-process client) to a handler whose only transport is
// client-lambda pointed at the HTTP face.

interface Envelope {
  DurableExecutionArn: string;
  CheckpointToken: string;
  InitialExecutionState: { Operations: Operation[]; NextMarker?: string };
}
const plainEnvelope = (event: Envelope): Envelope => ({
  DurableExecutionArn: event.DurableExecutionArn,
  CheckpointToken: event.CheckpointToken,
  InitialExecutionState: event.InitialExecutionState,
});

let clock: ManualClock;
let runtime: DurableRuntime;
let face: HttpFace;
let lambda: LambdaClient;
let sent: string[];

beforeEach(async () => {
  face = await startHttpFace();
  ({ runtime, clock, lambda } = face);
  sent = [];
  lambda.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name: "recordCommands" },
  );
});

afterEach(() => face.close());

describe("the checkpoint pair over HTTP", () => {
  it("runs an unmodified SDK handler whose transport is client-lambda, across a durable wait", async () => {
    const remote = withDurableExecution(
      async (event: { order: string }, ctx: DurableContext) => {
        const brewed = await ctx.step("brew", async () => `brewed ${event.order}`);
        await ctx.wait("cool-down", { seconds: 30 });
        return { brewed };
      },
      { durableExecutionClient: new DurableExecutionApiClient(lambda) },
    );
    runtime.register("remote", (event: Envelope, context: unknown) =>
      remote(plainEnvelope(event) as never, context as never),
    );

    const { DurableExecutionArn } = await lambda.send(
      new InvokeCommand({
        FunctionName: "remote",
        InvocationType: "Event",
        Payload: new TextEncoder().encode(JSON.stringify({ order: "flat white" })),
      }),
    );
    await runtime.settle();
    expect(sent).toContain("CheckpointDurableExecutionCommand");
    const waiting = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn }));
    expect(waiting.Status).toBe("RUNNING");

    clock.advance(30_000);
    await runtime.settle();
    const done = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn }));
    expect(done.Status).toBe("SUCCEEDED");
    expect(JSON.parse(done.Result ?? "null")).toEqual({ brewed: "brewed flat white" });

    const history = await lambda.send(
      new GetDurableExecutionHistoryCommand({ DurableExecutionArn }),
    );
    const steps = history.Events?.filter((e) => e.Name === "brew").map((e) => e.EventType);
    // Completed once, never re-run on the second invocation.
    expect(steps).toEqual(["StepStarted", "StepSucceeded"]);
  });

  it("raw GetDurableExecutionState + CheckpointDurableExecution, foreign tokens refused", async () => {
    const seen: Record<string, unknown> = {};
    runtime.register("manual", async (event: Envelope) => {
      const arn = event.DurableExecutionArn;
      const state = await lambda.send(
        new GetDurableExecutionStateCommand({
          DurableExecutionArn: arn,
          CheckpointToken: event.CheckpointToken,
        }),
      );
      seen.stateTypes = state.Operations?.map((o) => o.Type);
      const first = await lambda.send(
        new CheckpointDurableExecutionCommand({
          DurableExecutionArn: arn,
          CheckpointToken: event.CheckpointToken,
          Updates: [
            { Id: "step-1", Type: "STEP", Action: "START", Name: "grind", SubType: "Step" },
            {
              Id: "step-1",
              Type: "STEP",
              Action: "SUCCEED",
              Name: "grind",
              SubType: "Step",
              Payload: '"fine"',
            },
          ],
        }),
      );
      seen.newToken = first.CheckpointToken;
      // NewExecutionState carries what the service changed; the full state is read back.
      const after = await lambda.send(
        new GetDurableExecutionStateCommand({
          DurableExecutionArn: arn,
          CheckpointToken: first.CheckpointToken!,
        }),
      );
      seen.step = after.Operations?.find((o) => o.Id === "step-1");
      // A token this invocation was not given is refused (the SDK ends the invocation on it).
      seen.foreign = await lambda
        .send(
          new CheckpointDurableExecutionCommand({
            DurableExecutionArn: arn,
            CheckpointToken: "not-a-token-of-this-invocation",
            Updates: [],
          }),
        )
        .then(
          () => "accepted",
          (error: unknown) => error,
        );
      return { Status: "SUCCEEDED", Result: JSON.stringify("ground") };
    });

    const { DurableExecutionArn } = await lambda.send(
      new InvokeCommand({
        FunctionName: "manual",
        InvocationType: "Event",
        Payload: new TextEncoder().encode("{}"),
      }),
    );
    await runtime.settle();

    expect(seen.stateTypes).toEqual(["EXECUTION"]);
    expect(typeof seen.newToken).toBe("string");
    expect(seen.step).toMatchObject({ Status: "SUCCEEDED", Name: "grind" });
    expect((seen.step as Operation).StartTimestamp).toBeInstanceOf(Date);
    expect(seen.foreign).toBeInstanceOf(InvalidParameterValueException);

    const done = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn }));
    expect(done.Status).toBe("SUCCEEDED");
    expect(JSON.parse(done.Result ?? "null")).toBe("ground");
  });

  // Lambda's model (client-lambda's and botocore's) lists no ResourceNotFoundException for the
  // checkpoint pair: a token naming no execution is an invalid token, which the SDK treats as
  // any stale token (it ends the invocation).
  it("unknown executions are InvalidParameterValueException (Invalid Checkpoint Token) for the checkpoint pair", async () => {
    const unknown =
      "arn:aws:lambda:us-east-1:000000000000:function:nobody:$LATEST/durable-execution/none/0000";
    await expect(
      lambda.send(
        new GetDurableExecutionStateCommand({ DurableExecutionArn: unknown, CheckpointToken: "t" }),
      ),
    ).rejects.toThrow(InvalidParameterValueException);
    await expect(
      lambda.send(
        new CheckpointDurableExecutionCommand({
          DurableExecutionArn: unknown,
          CheckpointToken: "t",
        }),
      ),
    ).rejects.toThrow(InvalidParameterValueException);
  });
});
