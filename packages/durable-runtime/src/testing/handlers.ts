import {
  type DurableContext,
  StepSemantics,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";

/**
 * Handlers written only against the official SDK, reused by this package's tests, the HTTP
 * face's tests and the benchmark. Side effects are counted in `stepRuns`, keyed by
 * `<input.key>:<step>`, so a test can prove a completed step never runs again.
 */
export const stepRuns = new Map<string, number>();

export const countRun = (key: string): number => {
  const n = (stepRuns.get(key) ?? 0) + 1;
  stepRuns.set(key, n);
  return n;
};

interface Keyed {
  key?: string;
}

/** `count` sequential steps; returns their sum. The benchmark's workload. */
export const sequentialSteps = withDurableExecution(
  async (event: { count: number } & Keyed, ctx: DurableContext) => {
    let sum = 0;
    for (let i = 0; i < event.count; i++) {
      sum += await ctx.step(`step-${i}`, async () => {
        if (event.key) countRun(`${event.key}:step-${i}`);
        return i;
      });
    }
    return { sum };
  },
);

/** step, durable wait, step. */
export const stepWaitStep = withDurableExecution(
  async (event: { name: string; waitSeconds: number } & Keyed, ctx: DurableContext) => {
    const greeting = await ctx.step("greet", async () => {
      countRun(`${event.key}:greet`);
      return `Hello, ${event.name}`;
    });
    await ctx.wait("pause", { seconds: event.waitSeconds });
    const done = await ctx.step("finish", async () => {
      countRun(`${event.key}:finish`);
      return `${greeting}!`;
    });
    return { message: done };
  },
);

/** Waits for an external callback (the barista pattern); a timeout becomes a result. */
export const approval = withDurableExecution(
  async (
    event: { timeoutSeconds: number; heartbeatSeconds?: number } & Keyed,
    ctx: DurableContext,
  ) => {
    try {
      const answer = await ctx.waitForCallback(
        "approval",
        async () => {
          countRun(`${event.key}:submit`);
        },
        {
          timeout: { seconds: event.timeoutSeconds },
          ...(event.heartbeatSeconds
            ? { heartbeatTimeout: { seconds: event.heartbeatSeconds } }
            : {}),
        },
      );
      return { outcome: "answered", answer: JSON.parse(answer) as unknown };
    } catch (error) {
      return { outcome: "error", error: (error as Error).message };
    }
  },
);

/** A step that fails `failures` times before it succeeds (retry with backoff). */
export const flakyStep = withDurableExecution(
  async (event: { failures: number; retries: number } & Keyed, ctx: DurableContext) => {
    const value = await ctx.step(
      "flaky",
      async () => {
        const attempt = countRun(`${event.key}:flaky`);
        if (attempt <= event.failures) throw new Error(`attempt ${attempt} failed`);
        return attempt;
      },
      {
        retryStrategy: (_error, attempts) =>
          attempts <= event.retries
            ? { shouldRetry: true, delay: { seconds: 2 } }
            : { shouldRetry: false },
      },
    );
    return { succeededOnAttempt: value };
  },
);

/** parallel branches and a map, each item a step inside its own child context. */
export const fanOut = withDurableExecution(
  async (event: { items: number[] }, ctx: DurableContext) => {
    const checks = await ctx.parallel("checks", [
      async (c: DurableContext) => c.step("open", async () => true),
      async (c: DurableContext) => c.step("capacity", async () => 3),
      async (c: DurableContext) => {
        await c.wait("breathe", { seconds: 1 });
        return c.step("customer", async () => "ok");
      },
    ]);
    const doubled = await ctx.map("double", event.items, async (c: DurableContext, item: number) =>
      c.step(`double-${item}`, async () => item * 2),
    );
    return {
      checks: checks.all.map((b) => b.result),
      doubled: doubled.all.map((b) => b.result),
    };
  },
);

/** A named child context with steps inside, a wait, then a step after it. */
export const childContext = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const inner = await ctx.runInChildContext("reserve", async (c: DurableContext) => {
    const a = await c.step("reserve-milk", async () => 1);
    const b = await c.step("reserve-beans", async () => 2);
    return a + b;
  });
  await ctx.wait("settle", { seconds: 1 });
  const after = await ctx.step("after", async () => inner * 10);
  return { inner, after };
});

/** Invokes another registered function as its own execution. */
export const invoker = withDurableExecution(
  async (event: { target: string; payload: unknown }, ctx: DurableContext) => {
    try {
      const result = await ctx.invoke("call-child", event.target, event.payload);
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  },
);

/** The child `invoker` calls: doubles its input after a step. */
export const doubler = withDurableExecution(async (event: { n: number }, ctx: DurableContext) => {
  const n = await ctx.step("double", async () => event.n * 2);
  if (n < 0) throw new Error("negative");
  return { n };
});

/** Polls a condition with waits in between until the state reaches `target`. */
export const pollUntil = withDurableExecution(
  async (event: { target: number }, ctx: DurableContext) => {
    const final = await ctx.waitForCondition("poll", async (state: number) => state + 1, {
      initialState: 0,
      waitStrategy: (state: number) =>
        state >= event.target
          ? { shouldContinue: false }
          : { shouldContinue: true, delay: { seconds: 5 } },
    });
    return { final };
  },
);

/** An at-most-once step: after a crash mid-step it is never run a second time. */
export const atMostOnce = withDurableExecution(
  async (event: { holdMs?: number } & Keyed, ctx: DurableContext) => {
    try {
      await ctx.step(
        "charge",
        async () => {
          countRun(`${event.key}:charge`);
          if (event.holdMs) await new Promise((r) => setTimeout(r, event.holdMs));
          return "charged";
        },
        {
          semantics: StepSemantics.AtMostOncePerRetry,
          retryStrategy: () => ({ shouldRetry: false }),
        },
      );
      return { charged: true };
    } catch (error) {
      return { charged: false, error: (error as Error).name };
    }
  },
);

/** Fails the execution with a handler error. */
export const failing = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  await ctx.step("before", async () => 1);
  throw new Error("the order cannot be made");
});

/** Names its second operation differently on replay: the SDK must fail the execution. */
let replays = 0;
export const nonDeterministic = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    await ctx.wait("pause", { seconds: 1 });
    replays++;
    await ctx.step(replays % 2 === 1 ? "first-name" : "other-name", async () => 1);
    await ctx.wait("pause-2", { seconds: 1 });
    await ctx.step(replays % 2 === 1 ? "second" : "renamed", async () => 2);
    return "unreachable on replay";
  },
);

/** Returns a result larger than Lambda's 6 MB response limit (stored through a checkpoint). */
export const largeResult = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const size = await ctx.step("size", async () => 7 * 1024 * 1024);
  return { blob: "x".repeat(size) };
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The crash test's workload: steps that log each run to a file, a durable wait, and an
 * at-most-once "charge" that holds long enough to be killed in the middle.
 */
/**
 * `steps` steps; after each one's answer (its SUCCEED is acknowledged) a line `<name> s-<i>` in
 * `log`. For the crash test: every line written must name a step the store kept.
 */
export const acknowledgedSteps = withDurableExecution(
  async (event: { log: string; name: string; steps: number }, ctx: DurableContext) => {
    const { appendFileSync } = await import("node:fs");
    for (let i = 0; i < event.steps; i++) {
      await ctx.step(`s-${i}`, async () => i);
      appendFileSync(event.log, `${event.name} s-${i}\n`);
    }
    return event.steps;
  },
);

export const crashable = withDurableExecution(
  async (event: { log: string; steps: number; chargeMs: number }, ctx: DurableContext) => {
    const { appendFileSync } = await import("node:fs");
    for (let i = 0; i < event.steps; i++) {
      await ctx.step(`s-${i}`, async () => {
        appendFileSync(event.log, `s-${i}\n`);
        await sleep(15);
        return i;
      });
      if (i === 3) await ctx.wait("nap", { seconds: 1 });
    }
    let charged: boolean;
    try {
      charged = await ctx.step(
        "charge",
        async () => {
          appendFileSync(event.log, "charge\n");
          await sleep(event.chargeMs);
          return true;
        },
        {
          semantics: StepSemantics.AtMostOncePerRetry,
          retryStrategy: () => ({ shouldRetry: false }),
        },
      );
    } catch {
      charged = false;
    }
    return { steps: event.steps, charged };
  },
);
