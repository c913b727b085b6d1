import {
  createClassSerdes,
  createClassSerdesWithDates,
  createFileSystemSerdes,
  createRetryStrategy,
  type DurableContext,
  FileSystemSerdesMode,
  JitterStrategy,
  type Serdes,
  StepSemantics,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { errorView, note, valueView } from "./views.js";

/** Steps: retry strategies, error classes, at-most-once, odd and large values, serdes. */

export class GrinderJam extends Error {
  constructor(message = "grinder jammed") {
    super(message);
    this.name = "GrinderJam";
  }
}

export class PowerCut extends Error {
  constructor(message = "power cut") {
    super(message);
    this.name = "PowerCut";
  }
}

/**
 * createRetryStrategy with exponential backoff and no jitter, exhausted; then a strategy
 * that retries only GrinderJam, given a PowerCut. Returns what the handler caught each time.
 */
export const retryBackoff = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  let exhausted: unknown;
  try {
    await ctx.step(
      "grind",
      async ({ attempt }) => {
        note(`grind attempt ${attempt}`);
        throw new GrinderJam(`jammed on attempt ${attempt}`);
      },
      {
        retryStrategy: createRetryStrategy({
          maxAttempts: 3,
          initialDelay: { seconds: 2 },
          backoffRate: 3,
          jitter: JitterStrategy.NONE,
        }),
      },
    );
  } catch (error) {
    exhausted = errorView(error);
  }
  let notRetryable: unknown;
  try {
    await ctx.step(
      "heat",
      async ({ attempt }) => {
        note(`heat attempt ${attempt}`);
        throw new PowerCut();
      },
      {
        retryStrategy: createRetryStrategy({
          maxAttempts: 5,
          retryableErrorTypes: [GrinderJam],
          jitter: JitterStrategy.NONE,
        }),
      },
    );
  } catch (error) {
    notRetryable = errorView(error);
  }
  const recovered = await ctx.step(
    "recover",
    async ({ attempt }) => {
      note(`recover attempt ${attempt}`);
      if (attempt < 3) throw new GrinderJam();
      return `ok after ${attempt}`;
    },
    {
      retryStrategy: createRetryStrategy({
        maxAttempts: 4,
        initialDelay: { seconds: 1 },
        maxDelay: { seconds: 1 },
        retryableErrors: [/jammed/],
        jitter: JitterStrategy.NONE,
      }),
    },
  );
  return { exhausted, notRetryable, recovered };
});

/** An uncaught step error after retries: what the execution's error becomes. */
export const stepErrorUncaught = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    await ctx.step(
      "brew",
      async () => {
        throw new GrinderJam("beans stuck");
      },
      { retryStrategy: (_e, attempts) => ({ shouldRetry: attempts < 2, delay: { seconds: 1 } }) },
    );
    return "unreachable";
  },
);

/** A step whose retry strategy asks for a 0 s delay. */
export const retryAfterZero = withDurableExecution(async (_event: unknown, ctx: DurableContext) =>
  ctx.step(
    "again",
    async ({ attempt }) => {
      note(`again attempt ${attempt}`);
      if (attempt === 1) throw new Error("not yet");
      return attempt;
    },
    { retryStrategy: (_e, attempts) => ({ shouldRetry: attempts < 2, delay: { seconds: 0 } }) },
  ),
);

/** At-most-once per retry: a failing attempt is retried, each attempt's body runs once. */
export const atMostOncePerRetry = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    const charged = await ctx.step(
      "charge",
      async ({ attempt }) => {
        note(`charge attempt ${attempt}`);
        if (attempt === 1) throw new Error("card reader timeout");
        return `charged on ${attempt}`;
      },
      {
        semantics: StepSemantics.AtMostOncePerRetry,
        retryStrategy: (_e, attempts) => ({ shouldRetry: attempts < 3, delay: { seconds: 1 } }),
      },
    );
    let refused: unknown;
    try {
      await ctx.step(
        "refund",
        async () => {
          note("refund attempt");
          throw new Error("refund refused");
        },
        {
          semantics: StepSemantics.AtMostOncePerRetry,
          retryStrategy: () => ({ shouldRetry: false }),
        },
      );
    } catch (error) {
      refused = errorView(error);
    }
    return { charged, refused };
  },
);

/** Steps that return undefined, null, falsy and large values, read again after a replay. */
export const stepValues = withDurableExecution(
  async (event: { largeKib: number }, ctx: DurableContext) => {
    const undef = await ctx.step("undefined", async () => undefined);
    const nul = await ctx.step("null", async () => null);
    const zero = await ctx.step("zero", async () => 0);
    const empty = await ctx.step("empty", async () => "");
    const no = await ctx.step("false", async () => false);
    const nested = await ctx.step("nested", async () => ({ a: [1, { b: null }], c: "é✓" }));
    const large = await ctx.step("large", async () => "L".repeat(event.largeKib * 1024));
    const none = await ctx.step(async () => {});
    await ctx.wait("replay", { seconds: 1 });
    return {
      values: [undef, nul, zero, empty, no, nested, none].map(valueView),
      largeLength: large.length,
    };
  },
);

/** A step result over the 256 KiB checkpoint limit. */
export const stepOverLimit = withDurableExecution(
  async (event: { kib: number }, ctx: DurableContext) => {
    try {
      const big = await ctx.step("too-big", async () => "B".repeat(event.kib * 1024));
      return { length: big.length };
    } catch (error) {
      return { threw: errorView(error) };
    }
  },
);

export class Money {
  amount = 0;
  currency = "EUR";
  format(): string {
    return `${this.amount.toFixed(2)} ${this.currency}`;
  }
}

/** Prefixes what it stores, so the stored form differs from JSON. */
const taggedSerdes: Serdes<{ n: number }> = {
  serialize: async (value) => (value === undefined ? undefined : `n=${value.n}`),
  deserialize: async (data) => (data === undefined ? undefined : { n: Number(data.slice(2)) }),
};

/** Class instances through createClassSerdes, and a custom text serdes, across a replay. */
export const customSerdes = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  const price = await ctx.step("price", async () => Object.assign(new Money(), { amount: 3.5 }), {
    serdes: createClassSerdes(Money),
  });
  const tagged = await ctx.step("tagged", async () => ({ n: 42 }), { serdes: taggedSerdes });
  await ctx.wait("replay", { seconds: 1 });
  return { price: price.format(), isMoney: price instanceof Money, tagged };
});

/** A step named `name`, or a child context of subType `subType`, after a first step. */
export const namedOperation = withDurableExecution(
  async (event: { name: string; subType?: string }, ctx: DurableContext) => {
    await ctx.step("first", async () => 1);
    const value = event.subType
      ? await ctx.runInChildContext(
          event.name,
          async (c: DurableContext) => c.step(async () => 2),
          {
            subType: event.subType,
          },
        )
      : await ctx.step(event.name, async () => 2);
    return { value };
  },
);

/** A step that always fails, with the SDK's default retry strategy (jittered backoff). */
export const defaultRetries = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  try {
    return await ctx.step("flaky-default", async ({ attempt }) => {
      note(`default attempt ${attempt}`);
      throw new GrinderJam(`attempt ${attempt}`);
    });
  } catch (error) {
    return { threw: errorView(error) };
  }
});

export class Stamp {
  label = "";
  at = new Date(0);
}

/** Prefixes JSON with "J:", as a handler-wide default serdes. */
const prefixedJson: Serdes<unknown> = {
  serialize: async (value) => (value === undefined ? undefined : `J:${JSON.stringify(value)}`),
  deserialize: async (data) => (data === undefined ? undefined : JSON.parse(data.slice(2))),
};

/**
 * configureSerdes (a default serdes for every step), createClassSerdesWithDates, a virtual
 * child context, and createFileSystemSerdes (ALWAYS: the checkpoint holds a file pointer)
 * under `event.dir`, all read again after a replay.
 */
export const moreSerdes = withDurableExecution(
  async (event: { dir: string }, ctx: DurableContext) => {
    ctx.configureSerdes({ defaultSerdes: prefixedJson });
    const plain = await ctx.step("plain", async () => ({ x: 1 }));
    const stamp = await ctx.step(
      "stamp",
      async () =>
        Object.assign(new Stamp(), { label: "brewed", at: new Date(Date.UTC(2026, 4, 1)) }),
      { serdes: createClassSerdesWithDates(Stamp, ["at"]) },
    );
    const inside = await ctx.runInChildContext(
      "virtual",
      async (c: DurableContext) => c.step("inside", async () => 5),
      { virtualContext: true },
    );
    const filed = await ctx.step("filed", async () => ({ big: "F".repeat(1000) }), {
      serdes: createFileSystemSerdes(event.dir, { storageMode: FileSystemSerdesMode.ALWAYS }),
    });
    await ctx.wait("replay", { seconds: 1 });
    return {
      plain,
      stamp: {
        isStamp: stamp instanceof Stamp,
        year: stamp.at.getUTCFullYear(),
        label: stamp.label,
      },
      inside,
      filedLength: filed.big.length,
    };
  },
);
