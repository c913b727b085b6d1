import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { done, durable, json } from "./helpers.js";
import type { ExpectedEvent, NotCheckable, Requirement } from "./requirement.js";

/** Suite "child" (3-n): runInChildContext. */

const ctxStarted = (n: number, ref: string, extra = ""): ExpectedEvent => [
  `${n} ContextStarted RunInChildContext #${ref}${extra}`,
];
const ctxSucceeded = (n: number, ref: string, payload?: string, extra = ""): ExpectedEvent => [
  `${n} ContextSucceeded RunInChildContext #${ref}${extra}`,
  payload === undefined ? {} : { ContextSucceededDetails: { Result: { Payload: payload } } },
];
const ctxFailed = (n: number, ref: string, extra = ""): ExpectedEvent => [
  `${n} ContextFailed RunInChildContext #${ref}${extra}`,
  { ContextFailedDetails: { Error: { Payload: { ErrorMessage: "*", ErrorType: "*" } } } },
];
const step = (n: number, ref: string, parent: string | undefined, payload?: string) => {
  const header = `${ref} ${parent ? `^${parent}` : ""}`.trim();
  return [
    [`${n} StepStarted Step #${header}`],
    [
      `${n + 1} StepSucceeded Step #${header}`,
      payload === undefined ? {} : { StepSucceededDetails: { Result: { Payload: payload } } },
    ],
  ] as ExpectedEvent[];
};
const wait = (n: number, ref: string, parent?: string): ExpectedEvent[] => [
  [
    `${n} WaitStarted Wait #${ref}${parent ? ` ^${parent}` : ""}`,
    { WaitStartedDetails: { Duration: "*" } },
  ],
  [
    `${n + 2} WaitSucceeded Wait #${ref}${parent ? ` ^${parent}` : ""}`,
    { WaitSucceededDetails: { Duration: "*" } },
  ],
];
const named = " name=*";
const input = (v: Record<string, string>) => v.input;
const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
const echo =
  <T>(value: T) =>
  async () =>
    value;
const alwaysFails = async (): Promise<string> => {
  throw new Error("the grinder is jammed");
};

/** Runs `fn` in a child context named "child". */
const inChild = <T>(ctx: DurableContext, fn: (child: DurableContext) => Promise<T>) =>
  ctx.runInChildContext("child", fn);

export const childRequirements: Requirement[] = [
  {
    id: "3-1",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) =>
        ctx.runInChildContext(async (c) => c.step(echo(event))),
      ),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.input }),
    history: (v) => [
      ctxStarted(2, "c"),
      ...step(3, "s", "c", json(v.input)),
      ctxSucceeded(5, "c", json(v.input)),
    ],
  },
  {
    id: "3-2",
    vars: ["name", "value"],
    input: (v) => ({ name: v.name, value: v.value }),
    handler: () =>
      durable(async (event: { name: string; value: string }, ctx) =>
        ctx.runInChildContext(event.name, async (c) => c.step(echo(event.value))),
      ),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.value }),
    history: (v) => [
      ctxStarted(2, "c", ` name=${v.name}`),
      ...step(3, "s", "c", json(v.value)),
      ctxSucceeded(5, "c", json(v.value), ` name=${v.name}`),
    ],
  },
  {
    id: "3-3",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) =>
        inChild(ctx, async (c) => {
          const first = await c.step(echo(event));
          return c.step(echo(first));
        }),
      ),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.input }),
    history: (v) => [
      ctxStarted(2, "c", named),
      ...step(3, "a", "c", json(v.input)),
      ...step(5, "b", "c", json(v.input)),
      ctxSucceeded(7, "c", json(v.input), named),
    ],
  },
  {
    id: "3-4",
    handler: () =>
      durable(async (_event, ctx) => inChild(ctx, async (c) => c.step(alwaysFails, noRetry))),
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ctxStarted(2, "c", named),
      ["3 StepStarted Step #s ^c"],
      [
        "4 StepFailed Step #s ^c",
        { StepFailedDetails: { Error: { Payload: { ErrorMessage: "*", ErrorType: "*" } } } },
      ],
      ctxFailed(5, "c", named),
    ],
  },
  {
    id: "3-5",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) => {
        try {
          await ctx.runInChildContext(async (c) => c.step(alwaysFails, noRetry));
        } catch {
          // recovered below
        }
        return ctx.step(echo(event));
      }),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.input }),
    history: (v) => [
      ctxStarted(2, "c"),
      ["3 StepStarted Step #s ^c"],
      ["4 StepFailed Step #s ^c", { StepFailedDetails: { Error: {} } }],
      ["5 ContextFailed RunInChildContext #c", { ContextFailedDetails: { Error: {} } }],
      ...step(6, "r", undefined, json(v.input)),
    ],
  },
  {
    id: "3-6",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) =>
        ctx.runInChildContext("outer", async (outer) => {
          await outer.step(echo(event));
          return outer.runInChildContext("inner", async (inner) => inner.step(echo(event)));
        }),
      ),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.input }),
    history: (v) => [
      ctxStarted(2, "o", named),
      ...step(3, "a", "o", json(v.input)),
      ctxStarted(5, "i ^o", named),
      ...step(6, "b", "i", json(v.input)),
      ctxSucceeded(8, "i ^o", json(v.input), named),
      ctxSucceeded(9, "o", json(v.input), named),
    ],
  },
  ...(["3-7", "3-8"] as const).map(
    (id): Requirement => ({
      id,
      vars: ["input"],
      input,
      handler: () => {
        let calls = 0;
        return durable(async (event: string, ctx) =>
          inChild(ctx, async (c) =>
            c.step(
              async () => {
                calls++;
                if (id === "3-8" || calls === 1) throw new Error(`attempt ${calls} failed`);
                return event;
              },
              {
                retryStrategy: (_e, attempts) => ({
                  shouldRetry: attempts < 2,
                  delay: { seconds: 1 },
                }),
              },
            ),
          ),
        );
      },
      outcome: (v) =>
        id === "3-7" ? { status: "SUCCEEDED", result: v.input } : { status: "FAILED" },
      history: (v) => [
        ctxStarted(2, "c", named),
        ["3 StepStarted Step #s ^c"],
        [
          "4 StepFailed Step #s ^c",
          {
            StepFailedDetails: {
              Error: {},
              RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: "*" },
            },
          },
        ],
        done(5),
        ["6 StepStarted Step #s ^c"],
        id === "3-7"
          ? [
              "7 StepSucceeded Step #s ^c",
              {
                StepSucceededDetails: {
                  Result: { Payload: json(v.input) },
                  RetryDetails: { CurrentAttempt: 2 },
                },
              },
            ]
          : [
              "7 StepFailed Step #s ^c",
              {
                StepFailedDetails: {
                  Error: { Payload: { ErrorMessage: "*", ErrorType: "*" } },
                  RetryDetails: { CurrentAttempt: 2 },
                },
              },
            ],
        id === "3-7" ? ctxSucceeded(8, "c", json(v.input), named) : ctxFailed(8, "c", named),
      ],
    }),
  ),
  {
    id: "3-9",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) => {
        const value = await ctx.runInChildContext(async (c) => c.step(echo(event)));
        await ctx.wait({ seconds: 2 });
        return value;
      }),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.input }),
    history: (v) => [
      ctxStarted(2, "c"),
      ...step(3, "s", "c", json(v.input)),
      ctxSucceeded(5, "c", json(v.input)),
      ...wait(6, "w"),
    ],
  },
  {
    id: "3-10",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) =>
        inChild(ctx, async (c) => {
          const value = await c.step(echo(event));
          await c.wait({ seconds: 2 });
          return value;
        }),
      ),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.input }),
    history: (v) => [
      ctxStarted(2, "c", named),
      ...step(3, "s", "c", json(v.input)),
      ...wait(5, "w", "c"),
      ctxSucceeded(8, "c", json(v.input), named),
    ],
  },
  {
    id: "3-11",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) => {
        const big = await inChild(ctx, async (c) => {
          c.logger.info(`building a large result for ${event}`);
          const seed = await c.step(echo(event));
          return seed.repeat(Math.ceil((300 * 1024) / Math.max(seed.length, 1)));
        });
        await ctx.wait({ seconds: 1 });
        return big.length;
      }),
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => [
      ctxStarted(2, "c", named),
      ["3 StepStarted Step #s ^c"],
      ["4 StepSucceeded Step #s ^c"],
      [`5 ContextSucceeded RunInChildContext #c${named}`],
      ...wait(6, "w"),
    ],
    unchecked: "the child context's log records (CloudWatch Logs on the service)",
  },
  {
    id: "3-13",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) => {
        const value = await inChild(ctx, async (c) => {
          await c.wait({ seconds: 2 });
          return event;
        });
        return ctx.step(echo(value));
      }),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.input }),
    history: (v) => [
      ctxStarted(2, "c", named),
      ...wait(3, "w", "c"),
      ctxSucceeded(6, "c", json(v.input), named),
      ...step(7, "s", undefined, json(v.input)),
    ],
  },
  {
    id: "3-14",
    input: () => "hello child",
    handler: () =>
      durable(async (event: string, ctx) =>
        ctx.runInChildContext("child", async (c) => c.step(echo(event)), {
          serdes: {
            serialize: async (value: string | undefined) => value?.toUpperCase(),
            deserialize: async (text: string | undefined) => text,
          },
        }),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: "HELLO CHILD" }),
    history: () => [
      ctxStarted(2, "c", named),
      ...step(3, "s", "c", json("hello child")),
      ctxSucceeded(5, "c", "HELLO CHILD", named),
    ],
  },
  {
    id: "3-15",
    handler: () =>
      durable(async (_event, ctx) =>
        inChild(ctx, async () => {
          throw new Error("nothing to brew");
        }),
      ),
    outcome: () => ({ status: "FAILED" }),
    history: () => [ctxStarted(2, "c", named), ctxFailed(3, "c", named)],
  },
  {
    id: "3-16",
    handler: () => durable(async (_event, ctx) => inChild(ctx, async () => null)),
    outcome: () => ({ status: "SUCCEEDED", result: null }),
    history: () => [ctxStarted(2, "c", named), [`3 ContextSucceeded RunInChildContext #c${named}`]],
  },
  {
    id: "3-17",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) => {
        const value = await inChild(ctx, async (c) => {
          c.logger.info(`child saw ${event}`);
          return event;
        });
        await ctx.wait({ seconds: 2 });
        return value;
      }),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.input }),
    history: (v) => [
      ctxStarted(2, "c", named),
      ctxSucceeded(3, "c", json(v.input), named),
      ...wait(4, "w"),
    ],
    unchecked: "that the child's log record is written once (CloudWatch Logs on the service)",
  },
  {
    id: "3-18",
    vars: ["input"],
    input,
    handler: () =>
      durable(async (event: string, ctx) => {
        const value = await inChild(ctx, async (c) => {
          const inner = await c.step(echo(event));
          await c.wait({ seconds: 2 });
          return inner;
        });
        const outer = await ctx.step(echo(value));
        await ctx.wait({ seconds: 2 });
        return outer;
      }),
    outcome: (v) => ({ status: "SUCCEEDED", result: v.input }),
    history: (v) => [
      ctxStarted(2, "c", named),
      ...step(3, "a", "c", json(v.input)),
      ...wait(5, "w1", "c"),
      ctxSucceeded(8, "c", json(v.input), named),
      ...step(9, "b", undefined, json(v.input)),
      ...wait(11, "w2"),
    ],
  },
];

export const childNotCheckable: NotCheckable[] = [
  {
    id: "3-12",
    why: "the child's step ends the Lambda process (process.exit) mid-step; handlers run in the runtime's own process here",
  },
];
