import { describe, expect, it } from "vitest";
import { DurableRuntimeError } from "./errors.js";
import { manualRuntime, testStores } from "./testing/fixture.js";
import type { OperationUpdate } from "./types.js";

// A handler that speaks the checkpoint protocol by hand, the way a handler in another process
// would whose HTTP answer was lost: it sends the same request twice.
interface RawEvent {
  DurableExecutionArn: string;
  CheckpointToken: string;
}

const start: OperationUpdate = {
  Id: "s1",
  Type: "STEP",
  Action: "START",
  SubType: "Step",
  Name: "charge",
};
const succeed: OperationUpdate = {
  Id: "s1",
  Type: "STEP",
  Action: "SUCCEED",
  SubType: "Step",
  Payload: '"ok"',
};

describe.each(testStores)("checkpoint tokens (%s)", (_name, makeStore) => {
  it("answers a retried checkpoint with the same ClientToken and token idempotently", async () => {
    const { runtime } = manualRuntime(makeStore());
    const seen: { first: string; retry: string; retryOps: number; final: string }[] = [];
    runtime.register("raw", async (event: RawEvent) => {
      const arn = event.DurableExecutionArn;
      const req = { CheckpointToken: event.CheckpointToken, ClientToken: "c-1", Updates: [start] };
      const first = await runtime.checkpoint(arn, req);
      const retry = await runtime.checkpoint(arn, req);
      const done = await runtime.checkpoint(arn, {
        CheckpointToken: retry.CheckpointToken,
        ClientToken: "c-2",
        Updates: [succeed],
      });
      seen.push({
        first: first.CheckpointToken,
        retry: retry.CheckpointToken,
        retryOps: retry.NewExecutionState.Operations.length,
        final: done.CheckpointToken,
      });
      return { Status: "SUCCEEDED", Result: '"done"' };
    });
    const { executionArn } = await runtime.startExecution({ functionName: "raw" });
    await runtime.settle();
    const execution = await runtime.getExecution(executionArn);
    expect(execution.Status).toBe("SUCCEEDED");
    expect(seen).toHaveLength(1);
    expect(seen[0]!.retry).toBe(seen[0]!.first);
    expect(seen[0]!.final).not.toBe(seen[0]!.first);
    // The START was applied once: one StepStarted event, one StepSucceeded.
    const { Events } = await runtime.getExecutionHistory(executionArn);
    const types = Events.map((e) => e.EventType);
    expect(types.filter((t) => t === "StepStarted")).toHaveLength(1);
    expect(types.filter((t) => t === "StepSucceeded")).toHaveLength(1);
    await runtime.close();
  });

  it("rejects a consumed token without a ClientToken, and a ClientToken reused with another token", async () => {
    const { runtime } = manualRuntime(makeStore());
    const errors: unknown[] = [];
    runtime.register("raw", async (event: RawEvent) => {
      const arn = event.DurableExecutionArn;
      const first = await runtime.checkpoint(arn, {
        CheckpointToken: event.CheckpointToken,
        ClientToken: "c-1",
        Updates: [start],
      });
      errors.push(
        await runtime
          .checkpoint(arn, { CheckpointToken: event.CheckpointToken, Updates: [start] })
          .catch((e: unknown) => e),
      );
      errors.push(
        await runtime
          .checkpoint(arn, { CheckpointToken: first.CheckpointToken, ClientToken: "c-1" })
          .catch((e: unknown) => e),
      );
      await runtime.checkpoint(arn, { CheckpointToken: first.CheckpointToken, Updates: [succeed] });
      return { Status: "SUCCEEDED", Result: '"done"' };
    });
    const { executionArn } = await runtime.startExecution({ functionName: "raw" });
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("SUCCEEDED");
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toBeInstanceOf(DurableRuntimeError);
      expect((error as DurableRuntimeError).errorType).toBe("InvalidParameterValueException");
    }
    expect((errors[0] as DurableRuntimeError).code).toBe("INVALID_CHECKPOINT_TOKEN");
    await runtime.close();
  });
});
