import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { afterEach, describe, expect, it } from "vitest";
import type { DurableRuntime, ManualClock } from "../index.js";
import { SqliteStore } from "../index.js";
import { manualRuntime, runToCompletion } from "../testing/fixture.js";
import * as h from "../testing/handlers.js";

// Faulty handlers side by side with healthy ones. lifecycle.test.ts and operations.test.ts
// cover each fault alone (throw → retries → FAILED, non-determinism, a >6 MB result); these
// cover the invocation limit, and that one execution's fault never holds up the others.

let runtime: DurableRuntime;
let clock: ManualClock;

afterEach(async () => {
  await runtime?.close();
});

const stepRunsOf = new Map<string, number>();
const ran = (key: string) => stepRunsOf.set(key, (stepRunsOf.get(key) ?? 0) + 1);

/** Hung steps wait on this until the test is over (then they end, long after their invocation). */
let releaseHung: () => void = () => {};
let hung = new Promise<void>((resolve) => {
  releaseHung = resolve;
});
afterEach(() => {
  releaseHung();
  hung = new Promise<void>((resolve) => {
    releaseHung = resolve;
  });
});

/**
 * Completes step "first", then hangs in step "second" on every attempt: for `hangMs` real ms, or
 * (without it) until the test is over, so that only the invocation limit can end it.
 */
const hangs = withDurableExecution(
  async (event: { key: string; hangMs?: number }, ctx: DurableContext) => {
    await ctx.step("first", async () => {
      ran(`${event.key}:first`);
      return 1;
    });
    await ctx.step("second", async () => {
      ran(`${event.key}:second`);
      await (event.hangMs === undefined
        ? hung
        : new Promise((resolve) => setTimeout(resolve, event.hangMs)));
      return 2;
    });
    return "unreachable";
  },
);

async function start(name: string, input: unknown) {
  const { executionArn } = await runtime.startExecution({ functionName: name, input });
  return executionArn;
}

describe("handler faults", () => {
  it("ends an invocation that hangs past its limit, retries it, then fails the execution; a completed step is not run again", async () => {
    // The limit is real time: long enough that step "first" checkpoints within it even on a
    // loaded 2-core machine (at 60 ms, load average 30 timed the first invocation out before
    // it), and "second" hangs until the test is over, so every attempt reaches the limit.
    ({ runtime, clock } = manualRuntime(new SqliteStore({ path: ":memory:" }), {
      invocationTimeoutMs: 1500,
      maxInvocationRetries: 2,
    }));
    runtime.register("hangs", hangs);
    const arn = await start("hangs", { key: "h1" });
    const done = await runToCompletion(runtime, clock, arn);
    expect(done.Status).toBe("FAILED");
    expect(done.Error?.ErrorMessage).toMatch(/Invocation timed out after 1500 ms/);
    // Three invocations (one + two retries); "first" was checkpointed once and replayed after.
    expect(stepRunsOf.get("h1:first")).toBe(1);
    expect(stepRunsOf.get("h1:second")).toBe(3);
    const { Events = [] } = await runtime.getExecutionHistory(arn);
    const invocations = Events.filter((e) => e.EventType === "InvocationCompleted");
    expect(invocations).toHaveLength(3);
    expect(
      invocations.every((e) =>
        /timed out/.test(e.InvocationCompletedDetails?.Error?.Payload?.ErrorMessage ?? ""),
      ),
    ).toBe(true);
  });

  it("keeps serving healthy executions while others throw, hang and diverge", async () => {
    ({ runtime, clock } = manualRuntime(new SqliteStore({ path: ":memory:" }), {
      // Long enough that a healthy invocation on a loaded 2-core machine never reaches it (at
      // 80 ms, load average 9 timed some out and left them waiting on the manual clock; at
      // 1000 ms, so did the whole suite beside two busy loops). Only the hung one waits it out.
      invocationTimeoutMs: 4000,
      maxInvocationRetries: 1,
      maxConcurrentInvocations: 4,
    }));
    runtime.register("hangs", hangs);
    runtime.register("failing", h.failing);
    runtime.register("nd", h.nonDeterministic);
    runtime.register("large", h.largeResult);
    runtime.register("steps", h.sequentialSteps);

    const faulty = {
      hang: await start("hangs", { key: "h2" }),
      fail: await start("failing", {}),
      nd: await start("nd", {}),
    };
    const large = await start("large", {});
    const healthy = await Promise.all(
      Array.from({ length: 20 }, (_, i) => start("steps", { count: 5 + i })),
    );

    // The hung invocation never returns (until the test is over) and holds one of four slots
    // until its limit ends it: the healthy executions all finish in the first settle, before
    // the manual clock has moved at all.
    await runtime.settle();
    for (const [i, arn] of healthy.entries()) {
      const execution = await runtime.getExecution(arn);
      expect(execution.Status).toBe("SUCCEEDED");
      const n = 5 + i;
      expect(JSON.parse(execution.Result!)).toEqual({ sum: (n * (n - 1)) / 2 });
    }
    expect((await runtime.getExecution(large)).Status).toBe("SUCCEEDED");

    // One at a time: each drives the shared manual clock.
    const ends = [];
    for (const arn of Object.values(faulty)) ends.push(await runToCompletion(runtime, clock, arn));
    expect(ends.map((e) => [e.Status, e.Error?.ErrorMessage ?? e.Error?.ErrorType])).toEqual([
      ["FAILED", expect.stringMatching(/timed out/)],
      ["FAILED", "the order cannot be made"],
      ["FAILED", expect.stringMatching(/.+/)],
    ]);
    expect(ends[2]?.Error?.ErrorType).toMatch(/NonDeterministic/);

    // And the runtime still takes new work afterwards.
    const after = await start("steps", { count: 3 });
    expect((await runToCompletion(runtime, clock, after)).Status).toBe("SUCCEEDED");
  });
});
