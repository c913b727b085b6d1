import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import { recordHistoryFixture } from "../../http/history-fixture.js";
import { MemoryStore } from "../../store/memory-store.js";
import { openCallbackId } from "../callbacks.js";
import { manualRuntime, runToCompletion } from "../fixture.js";
import {
  NonDeterministicReplayError,
  type RecordedHistory,
  replayHistory,
} from "./replay-history.js";

/** Every step body that runs, by name: a replay must add none. */
const ran: string[] = [];

type Variant = "recorded" | "renamed" | "appended" | "inserted";
const refund = (variant: Variant) =>
  withDurableExecution(async (event: { amount: number }, ctx: DurableContext) => {
    if (variant === "inserted") await ctx.step("audit", async () => ran.push("audit"));
    const checked = await ctx.step("check-request", async () => {
      ran.push("check-request");
      return { amount: event.amount };
    });
    const decision = await ctx.waitForCallback("manager-approval", async () => {
      ran.push("submit");
    });
    await ctx.wait("cooling-off", { hours: 1 });
    const paid = await ctx.step(variant === "renamed" ? "pay" : "pay-refund", async () => {
      ran.push("pay-refund");
      return { ...checked, by: JSON.parse(decision).by };
    });
    if (variant === "appended") await ctx.step("notify", async () => ran.push("notify"));
    return paid;
  });

/** Runs the recorded variant on the runtime, to its end or to its callback, and exports it. */
async function record(finish: boolean): Promise<RecordedHistory> {
  const { runtime, clock } = manualRuntime(new MemoryStore());
  runtime.register("refund", refund("recorded"));
  const { executionArn } = await runtime.startExecution({
    functionName: "refund",
    input: { amount: 12 },
  });
  await runtime.settle();
  if (finish) {
    await runtime.sendCallbackSuccess(
      (await openCallbackId(runtime, executionArn))!,
      '{"by":"Grace"}',
    );
    await runToCompletion(runtime, clock, executionArn);
  }
  const fixture = await recordHistoryFixture(runtime, executionArn);
  await runtime.close();
  ran.length = 0;
  return JSON.parse(JSON.stringify(fixture)); // as the exported file reads
}

describe("replayHistory", () => {
  it("replays a finished execution to its result without running a step", async () => {
    const history = await record(true);
    expect(await replayHistory(refund("recorded"), history)).toEqual({
      status: "SUCCEEDED",
      result: JSON.stringify({ amount: 12, by: "Grace" }),
    });
    expect(ran).toEqual([]);
  });

  it("fails with the renamed operation's name, type and position", async () => {
    const history = await record(true);
    const error = await replayHistory(refund("renamed"), history).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonDeterministicReplayError);
    expect((error as NonDeterministicReplayError).divergence).toMatchObject({
      position: "4",
      recorded: { name: "pay-refund", type: "STEP" },
    });
    expect((error as Error).message).toMatch(
      /^Replay diverges at STEP "pay-refund" at position 4: Operation name mismatch/,
    );
    expect(ran).toEqual([]);
  });

  it("fails where the code goes past the recording, without running the new step", async () => {
    const history = await record(true);
    await expect(replayHistory(refund("appended"), history)).rejects.toThrow(
      "Replay diverges at position 5, past the end of the recording",
    );
    expect(ran).toEqual([]);
  });

  it("replays an execution recorded while it waits, and stops where it waits", async () => {
    const history = await record(false);
    expect(await replayHistory(refund("recorded"), history)).toEqual({ status: "PENDING" });
    const error = await replayHistory(refund("inserted"), history).catch((e: unknown) => e);
    expect((error as NonDeterministicReplayError).divergence).toMatchObject({
      position: "1",
      recorded: { name: "check-request", type: "STEP" },
    });
    expect(ran).toEqual([]);
  });
});
