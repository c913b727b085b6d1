import {
  type DurableContext,
  type DurableInstrumentationPlugin,
  type DurableLogger,
  type DurableLoggingContext,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { errorView, note } from "./views.js";

/** The execution as a whole: large results, odd throws, chained invokes, the logger. */

/** A result over Lambda's 6 MB response limit: the SDK checkpoints it on the EXECUTION. */
export const oversizedResult = withDurableExecution(
  async (event: { mib: number }, ctx: DurableContext) => {
    const unit = await ctx.step("unit", async () => "r".repeat(1024));
    return { blob: unit.repeat(event.mib * 1024), tail: "end" };
  },
);

/** Throws something that is not an Error. */
export const throwsNonError = withDurableExecution(
  async (event: { thrown: unknown }, ctx: DurableContext) => {
    await ctx.step("before", async () => 1);
    throw event.thrown;
  },
);

/** A step that throws a non-Error value: what the handler catches. */
export const stepThrowsNonError = withDurableExecution(
  async (event: { thrown: unknown }, ctx: DurableContext) => {
    try {
      await ctx.step(
        "odd",
        async () => {
          throw event.thrown;
        },
        { retryStrategy: () => ({ shouldRetry: false }) },
      );
      return "unreachable";
    } catch (error) {
      return { caught: errorView(error) };
    }
  },
);

/** Invokes `target` and returns what it got or what it caught. */
export const invokeAndReport = withDurableExecution(
  async (event: { target: string; payload: unknown }, ctx: DurableContext) => {
    try {
      return { result: await ctx.invoke("call", event.target, event.payload) };
    } catch (error) {
      return { threw: errorView(error) };
    }
  },
);

class MachineBroken extends Error {
  constructor() {
    super("machine broken");
    this.name = "MachineBroken";
  }
}

/** A chained-invoke target that fails after a step, with a custom error class. */
export const brokenMachine = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  await ctx.step("warm-up", async () => 1);
  throw new MachineBroken();
});

/** A chained-invoke target that waits `seconds` before answering. */
export const slowMachine = withDurableExecution(
  async (event: { seconds: number }, ctx: DurableContext) => {
    await ctx.wait("brewing", { seconds: event.seconds });
    return { brewed: true };
  },
);

/**
 * A logger that writes into the trace: level, message, and what the SDK's logging context says
 * at that moment (operation name and attempt; ids and ARNs differ between engines).
 */
function traceLogger(): DurableLogger {
  let context: DurableLoggingContext | undefined;
  const line = (level: string, params: unknown[]) => {
    const data = context?.getDurableLogData();
    const where = data ? ` [${data.operationName ?? "-"}#${data.attempt ?? "-"}]` : "";
    const text = params.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
    note(`${level} ${text}${where}`);
  };
  return {
    info: (...params: unknown[]) => line("INFO", params),
    warn: (...params: unknown[]) => line("WARN", params),
    error: (...params: unknown[]) => line("ERROR", params),
    debug: (...params: unknown[]) => line("DEBUG", params),
    configureDurableLoggingContext: (c) => {
      context = c;
    },
  };
}

/**
 * ctx.logger outside steps, inside a step (its own logger), across a wait and a retry: the
 * SDK's mode-aware logger must print each line once although the handler replays.
 */
export const durableLogger = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  ctx.configureLogger({ customLogger: traceLogger() });
  ctx.logger.info("order received");
  const n = await ctx.step(
    "prepare",
    async ({ logger, attempt }) => {
      logger.info("preparing", attempt);
      if (attempt === 1) {
        logger.warn("first attempt fails");
        throw new Error("not yet");
      }
      return attempt;
    },
    { retryStrategy: (_e, a) => ({ shouldRetry: a < 2, delay: { seconds: 1 } }) },
  );
  ctx.logger.warn("prepared", n);
  await ctx.wait("pause", { seconds: 1 });
  ctx.logger.error("after the wait");
  await ctx.runInChildContext("inner", async (c: DurableContext) => {
    c.logger.debug("in the child");
    await c.step("inner-step", async ({ logger }) => logger.info("inner step"));
  });
  return { n };
});

/** Re-exported so tests can name the classes the handlers throw. */
export { MachineBroken };

/** Returns nothing: the execution succeeds with no result. */
export const returnsNothing = withDurableExecution(async (_event: unknown, ctx: DurableContext) => {
  await ctx.step("only", async () => 1);
});

/** Answers the input event as the handler saw it (and its type), after a replay. */
export const echoInput = withDurableExecution(async (event: unknown, ctx: DurableContext) => {
  await ctx.wait("replay", { seconds: 1 });
  return { seen: event === undefined ? "<undefined>" : event, type: typeof event };
});

/** On-demand (non-durable) Lambda handlers a durable function invokes. */
export const plainHandlers = {
  /** Answers with what it was given. */
  echo: async (event: unknown) => ({ echoed: event }),
  /** Throws a TypeError. */
  reject: async () => {
    throw new TypeError("bad order");
  },
  /** Answers through the callback, Node's older handler style. */
  callbackStyle: (
    event: { n: number },
    _context: unknown,
    done: (e: unknown, r?: unknown) => void,
  ) => {
    done(null, { doubled: event.n * 2 });
  },
  /** Answers nothing. */
  nothing: async () => undefined,
};

/**
 * An instrumentation plugin that notes what it is told about operations, leaving out what
 * depends on how often an engine re-invokes (replays, invocations) or on the clock.
 */
const notingPlugin: DurableInstrumentationPlugin = {
  onOperationStart: async (info) => {
    if (!info.isReplay) note(`start ${info.type}/${info.subType ?? "-"} ${info.name ?? "-"}`);
  },
  onOperationAttemptEnd: async (info) => {
    note(
      `attempt ${info.name ?? "-"} #${info.attempt} ${info.outcome} ${info.error?.message ?? ""}`,
    );
  },
  onOperationEnd: async (info) => {
    if (info.isReplay) return;
    note(
      `end ${info.type}/${info.subType ?? "-"} ${info.name ?? "-"} ${info.status} ` +
        `${info.result ?? ""}${info.error ? ` ${info.error.message}` : ""}`,
    );
  },
};

/** A step retried once, a wait and a child context, under the noting plugin. */
export const instrumented = withDurableExecution(
  async (_event: unknown, ctx: DurableContext) => {
    const n = await ctx.step(
      "measure",
      async ({ attempt }) => {
        if (attempt === 1) throw new Error("scale not ready");
        return attempt * 10;
      },
      { retryStrategy: (_e, a) => ({ shouldRetry: a < 2, delay: { seconds: 1 } }) },
    );
    await ctx.wait("settle", { seconds: 2 });
    const inner = await ctx.runInChildContext("pack", async (c: DurableContext) =>
      c.step("seal", async () => n + 1),
    );
    return { n, inner };
  },
  { plugins: [notingPlugin] },
);
