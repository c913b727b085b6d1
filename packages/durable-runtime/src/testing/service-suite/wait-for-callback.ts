import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { durable, json } from "./helpers.js";
import type { CallbackAction, ExpectedEvent, Requirement, Vars } from "./requirement.js";

/** The waitForCallback options these requirements use. */
interface WaitForCallbackConfig {
  timeout?: { seconds: number };
  heartbeatTimeout?: { seconds: number };
}

/** Suite "wait_for_callback" (7-n): waitForCallback, a context holding a callback and a submitter step. */

const rejected = { ErrorType: "RejectedError", ErrorMessage: "not approved" };
const succeed = (payload?: unknown): CallbackAction => ({
  name: "*",
  send: "success",
  payload,
  delaySeconds: 1,
});
const reject: CallbackAction = { name: "*", send: "failure", payload: rejected, delaySeconds: 1 };

/** The events of one waitForCallback from event `n`: context, callback, submitter step. */
function opened(
  n: number,
  ref: string,
  name: string | undefined,
  callbackDetails: object = {},
  parent = "",
): ExpectedEvent[] {
  const label = name === undefined ? "" : ` name=${name}`;
  return [
    [`${n} ContextStarted WaitForCallback #${ref}${parent}${label}`, { ContextStartedDetails: {} }],
    [
      `${n + 1} CallbackStarted Callback #${ref}cb ^${ref}`,
      { CallbackStartedDetails: { CallbackId: "*", ...callbackDetails } },
    ],
    [`${n + 2} StepStarted Step #${ref}st ^${ref}`, { StepStartedDetails: "*" }],
    [`${n + 3} StepSucceeded Step #${ref}st ^${ref}`, { StepSucceededDetails: "*" }],
  ];
}
/** How it ended, from event `n` (after the suspension's InvocationCompleted). */
function closed(
  n: number,
  ref: string,
  name: string | undefined,
  how: "succeeded" | "failed" | "timeout" | "heartbeat",
  payload?: string,
  parent = "",
): ExpectedEvent[] {
  const label = name === undefined ? "" : ` name=${name}`;
  const callback: ExpectedEvent =
    how === "succeeded"
      ? [
          `${n} CallbackSucceeded Callback #${ref}cb ^${ref}`,
          {
            CallbackSucceededDetails:
              payload === undefined ? "*" : { Result: { Payload: payload } },
          },
        ]
      : how === "failed"
        ? [
            `${n} CallbackFailed Callback #${ref}cb ^${ref}`,
            { CallbackFailedDetails: { Error: { Payload: rejected } } },
          ]
        : [
            `${n} CallbackTimedOut Callback #${ref}cb ^${ref}`,
            {
              CallbackTimedOutDetails: {
                Error: {
                  Payload: {
                    ErrorType: how === "timeout" ? "Callback.Timeout" : "Callback.Heartbeat",
                  },
                },
              },
            },
          ];
  const context: ExpectedEvent =
    how === "succeeded"
      ? [
          `${n + 1} ContextSucceeded WaitForCallback #${ref}${parent}${label}`,
          { ContextSucceededDetails: "*" },
        ]
      : [
          `${n + 1} ContextFailed WaitForCallback #${ref}${parent}${label}`,
          { ContextFailedDetails: { Error: { Payload: { ErrorType: "*" } } } },
        ];
  return [callback, context];
}
const execSucceeded = (n: number, result?: unknown): ExpectedEvent => [
  `${n} ExecutionSucceeded`,
  {
    ExecutionSucceededDetails:
      result === undefined ? { Result: "*" } : { Result: { Payload: json(result) } },
  },
];
const execFailed = (n: number): ExpectedEvent => [
  `${n} ExecutionFailed`,
  { ExecutionFailedDetails: { Error: { Payload: { ErrorType: "*" } } } },
];

/** One waitForCallback named by the input (or `name`), whose submitter does nothing durable. */
const waitOne = (ctx: DurableContext, name: string | undefined, config?: WaitForCallbackConfig) =>
  ctx.waitForCallback(name, async () => {}, config);

const single = (
  id: string,
  opts: {
    config?: WaitForCallbackConfig;
    callbacks?: (v: Vars) => CallbackAction[];
    how: "succeeded" | "failed" | "timeout" | "heartbeat";
    catchAs?: string;
    payloadOf?: (v: Vars) => string | undefined;
    callbackDetails?: object;
  },
): Requirement => ({
  id,
  vars: ["name", "payload"],
  input: (v) => v.name,
  handler: () =>
    durable(async (name: string, ctx) => {
      try {
        return await waitOne(ctx, name, opts.config);
      } catch (error) {
        if (opts.catchAs === undefined) throw error;
        return opts.catchAs;
      }
    }),
  callbacks: opts.callbacks,
  outcome: () => ({
    status: opts.how === "succeeded" || opts.catchAs !== undefined ? "SUCCEEDED" : "FAILED",
    // Spread: the runner checks the result only when the outcome has the key (`"result" in`).
    ...(opts.catchAs === undefined ? {} : { result: opts.catchAs }),
  }),
  history: (v) => [
    ...opened(2, "w", v.name, opts.callbackDetails),
    ...closed(7, "w", v.name, opts.how, opts.payloadOf?.(v)),
    opts.how === "succeeded" || opts.catchAs !== undefined
      ? execSucceeded(10, opts.catchAs)
      : execFailed(10),
  ],
});

export const waitForCallbackRequirements: Requirement[] = [
  single("7-1", {
    callbacks: (v) => [succeed(v.payload)],
    how: "succeeded",
    payloadOf: (v) => json(v.payload),
  }),
  ...(["7-2", "7-3"] as const).map(
    (id): Requirement => ({
      id,
      vars: ["payload"],
      handler: () =>
        durable(async (_event, ctx) => waitOne(ctx, id === "7-2" ? "approval" : undefined)),
      callbacks: (v) => [succeed(v.payload)],
      outcome: () => ({ status: "SUCCEEDED" }),
      history: (v) => {
        const name = id === "7-2" ? "approval" : undefined;
        return [
          ...opened(2, "w", name),
          ...closed(7, "w", name, "succeeded", json(v.payload)),
          execSucceeded(10),
        ];
      },
    }),
  ),
  single("7-4", { callbacks: () => [reject], how: "failed" }),
  single("7-5", {
    config: { timeout: { seconds: 3 } },
    how: "timeout",
    callbackDetails: { Timeout: 3 },
  }),
  single("7-6", { callbacks: () => [reject], how: "failed", catchAs: "recovered" }),
  {
    id: "7-7",
    vars: ["name"],
    input: (v) => v.name,
    handler: () =>
      durable(async (name: string, ctx) =>
        ctx.waitForCallback(
          name,
          async () => {
            throw new Error("the order system is down");
          },
          {
            retryStrategy: (_e, attempts) => ({ shouldRetry: attempts < 2, delay: { seconds: 1 } }),
          },
        ),
      ),
    outcome: () => ({ status: "FAILED" }),
    history: (v) => [
      [`2 ContextStarted WaitForCallback #w name=${v.name}`, { ContextStartedDetails: {} }],
      ["3 CallbackStarted Callback #cb ^w", { CallbackStartedDetails: { CallbackId: "*" } }],
      ["4 StepStarted Step #st ^w", { StepStartedDetails: "*" }],
      ["5 StepFailed Step #st ^w", { StepFailedDetails: "*" }],
      ["7 StepStarted Step #st ^w", { StepStartedDetails: "*" }],
      ["8 StepFailed Step #st ^w", { StepFailedDetails: "*" }],
      [
        `9 ContextFailed WaitForCallback #w name=${v.name}`,
        { ContextFailedDetails: { Error: { Payload: { ErrorType: "*" } } } },
      ],
      execFailed(11),
    ],
  },
  {
    id: "7-8",
    vars: ["name", "payload"],
    input: (v) => v.name,
    handler: () =>
      durable(async (name: string, ctx) =>
        ctx.runInChildContext("wrapper", async (c) => waitOne(c, name)),
      ),
    callbacks: (v) => [succeed(v.payload)],
    outcome: () => ({ status: "SUCCEEDED" }),
    history: (v) => [
      ["2 ContextStarted RunInChildContext #c name=wrapper", { ContextStartedDetails: {} }],
      ...opened(3, "w", v.name, {}, " ^c"),
      ...closed(8, "w", v.name, "succeeded", json(v.payload), " ^c"),
      ["10 ContextSucceeded RunInChildContext #c name=wrapper", { ContextSucceededDetails: "*" }],
      execSucceeded(12),
    ],
  },
  {
    id: "7-9",
    vars: ["one", "two"],
    handler: () =>
      durable(async (_event, ctx) => {
        const first = await waitOne(ctx, "first");
        const second = await waitOne(ctx, "second");
        return [first, second];
      }),
    callbacks: (v) => [succeed(v.one), succeed(v.two)],
    outcome: () => ({ status: "SUCCEEDED" }),
    history: (v) => [
      ...opened(2, "a", "first"),
      ...closed(7, "a", "first", "succeeded", json(v.one)),
      ...opened(9, "b", "second"),
      ...closed(14, "b", "second", "succeeded", json(v.two)),
      execSucceeded(17),
    ],
  },
  {
    id: "7-10",
    vars: ["name", "payload"],
    input: (v) => v.name,
    handler: () =>
      durable(async (name: string, ctx) => {
        await ctx.wait({ seconds: 1 });
        await ctx.step(async () => ({ menu: "espresso" }));
        return waitOne(ctx, name);
      }),
    callbacks: (v) => [succeed(v.payload)],
    outcome: () => ({ status: "SUCCEEDED" }),
    history: (v) => [
      ["2 WaitStarted Wait #wait", { WaitStartedDetails: { Duration: 1 } }],
      ["4 WaitSucceeded Wait #wait", { WaitSucceededDetails: { Duration: 1 } }],
      ["5 StepStarted Step #s", { StepStartedDetails: "*" }],
      ["6 StepSucceeded Step #s", { StepSucceededDetails: "*" }],
      ...opened(7, "w", v.name),
      ...closed(12, "w", v.name, "succeeded", json(v.payload)),
      execSucceeded(15),
    ],
  },
  {
    id: "7-11",
    vars: ["name"],
    input: (v) => v.name,
    handler: () =>
      durable(async (name: string, ctx) => {
        const answer = await ctx.waitForCallback<{ status: string }>(name, async () => {}, {
          serdes: { deserialize: async (text) => JSON.parse(text ?? "{}") as { status: string } },
        });
        return answer.status;
      }),
    callbacks: () => [succeed({ status: "approved" })],
    outcome: () => ({ status: "SUCCEEDED", result: "approved" }),
    history: (v) => [
      ...opened(2, "w", v.name),
      ...closed(7, "w", v.name, "succeeded", json({ status: "approved" })),
      execSucceeded(10, "approved"),
    ],
  },
  single("7-12", {
    config: { heartbeatTimeout: { seconds: 5 } },
    how: "heartbeat",
    callbackDetails: { HeartbeatTimeout: 5 },
  }),
  single("7-13", {
    config: { heartbeatTimeout: { seconds: 10 } },
    callbacks: (v) => [{ name: "*", send: "heartbeat" }, succeed(v.payload)],
    how: "succeeded",
    payloadOf: (v) => json(v.payload),
    callbackDetails: { HeartbeatTimeout: 10 },
  }),
  single("7-14", {
    config: { timeout: { seconds: 3 } },
    how: "timeout",
    catchAs: "timed-out-handled",
    callbackDetails: { Timeout: 3 },
  }),
  single("7-15", { callbacks: () => [succeed(undefined)], how: "succeeded" }),
];
