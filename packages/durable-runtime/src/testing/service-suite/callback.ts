import { durable, json } from "./helpers.js";
import type { ExpectedEvent, Requirement, Vars } from "./requirement.js";

/** Suite "callback" (4-n): createCallback, driven by the runner's callback actions. */

const rejected = { ErrorType: "RejectedError", ErrorMessage: "not approved" };
const started = (n: number, ref: string, name: string, details: object = {}): ExpectedEvent => [
  `${n} CallbackStarted Callback #${ref} name=${name}`,
  { CallbackStartedDetails: { CallbackId: "*", ...details } },
];
const succeeded = (n: number, ref: string, name: string, payload: string): ExpectedEvent => [
  `${n} CallbackSucceeded Callback #${ref} name=${name}`,
  { CallbackSucceededDetails: { Result: { Payload: payload } } },
];
const failed = (n: number, ref: string, name: string): ExpectedEvent => [
  `${n} CallbackFailed Callback #${ref} name=${name}`,
  { CallbackFailedDetails: { Error: { Payload: rejected } } },
];
const timedOut = (n: number, ref: string, name: string, type: string): ExpectedEvent => [
  `${n} CallbackTimedOut Callback #${ref} name=${name}`,
  { CallbackTimedOutDetails: { Error: { Payload: { ErrorType: type } } } },
];
const wait = (
  n: number,
  ref: string,
  seconds: number,
  end: "Started" | "Succeeded",
): ExpectedEvent => [
  `${n} Wait${end} Wait #${ref}`,
  { [`Wait${end}Details`]: { Duration: seconds } },
];
const execSucceeded = (n: number): ExpectedEvent => [
  `${n} ExecutionSucceeded`,
  { ExecutionSucceededDetails: { Result: "*" } },
];
const execFailed = (n: number): ExpectedEvent => [
  `${n} ExecutionFailed`,
  { ExecutionFailedDetails: { Error: { Payload: { ErrorType: "*" } } } },
];
const succeed = (name: string, payload: unknown, delaySeconds = 1) => ({
  name,
  send: "success" as const,
  payload,
  delaySeconds,
});
const reject = (name: string) => ({
  name,
  send: "failure" as const,
  payload: rejected,
  delaySeconds: 1,
});

/** Awaits one callback named by the input, with `config`, and returns its result. */
const awaitOne = (config: object = {}) =>
  durable(async (name: string, ctx) => {
    const [result] = await ctx.createCallback(name, config);
    return result;
  });

const named = (v: Vars) => v.name!;
const base = { vars: ["name", "payload"], input: named };

export const callbackRequirements: Requirement[] = [
  {
    ...base,
    id: "4-1",
    handler: () => awaitOne(),
    outcome: () => ({ status: "SUCCEEDED" }),
    callbacks: (v) => [succeed(v.name!, v.payload)],
    history: (v) => [
      started(2, "1", v.name!),
      succeeded(4, "1", v.name!, json(v.payload)),
      execSucceeded(6),
    ],
  },
  {
    id: "4-2",
    vars: ["payload"],
    handler: () =>
      durable(async (_event, ctx) => {
        const [result] = await ctx.createCallback("approval");
        return result;
      }),
    outcome: () => ({ status: "SUCCEEDED" }),
    callbacks: (v) => [succeed("approval", v.payload)],
    history: (v) => [
      started(2, "1", "approval"),
      succeeded(4, "1", "approval", json(v.payload)),
      execSucceeded(6),
    ],
  },
  ...(
    [
      ["4-3", "timeout", "Timeout", "Callback.Timeout"],
      ["4-4", "heartbeatTimeout", "HeartbeatTimeout", "Callback.Heartbeat"],
    ] as const
  ).map(
    ([id, option, field, errorType]): Requirement => ({
      ...base,
      id,
      handler: () => awaitOne({ [option]: { seconds: 5 } }),
      outcome: () => ({ status: "FAILED" }),
      history: (v) => [
        started(2, "1", v.name!, { [field]: 5 }),
        timedOut(4, "1", v.name!, errorType),
        execFailed(6),
      ],
    }),
  ),
  {
    ...base,
    id: "4-5",
    handler: () => awaitOne({ heartbeatTimeout: { seconds: 10 } }),
    outcome: () => ({ status: "SUCCEEDED" }),
    callbacks: (v) => [{ name: v.name!, send: "heartbeat" }, succeed(v.name!, v.payload)],
    history: (v) => [
      started(2, "1", v.name!, { HeartbeatTimeout: 10 }),
      succeeded(4, "1", v.name!, json(v.payload)),
      execSucceeded(6),
    ],
  },
  {
    ...base,
    id: "4-6",
    handler: () => awaitOne(),
    outcome: () => ({ status: "FAILED" }),
    callbacks: (v) => [reject(v.name!)],
    history: (v) => [
      started(2, "1", v.name!),
      failed(4, "1", v.name!),
      [
        "6 ExecutionFailed",
        {
          ExecutionFailedDetails: {
            Error: { Payload: { ErrorType: "*", ErrorMessage: "not approved" } },
          },
        },
      ],
    ],
  },
  ...(["4-7", "4-8"] as const).map(
    (id): Requirement => ({
      ...base,
      id,
      handler: () =>
        durable(async (name: string, ctx) => {
          const [result] = await ctx.createCallback(
            name,
            id === "4-8" ? { timeout: { seconds: 5 } } : {},
          );
          await ctx.step(async () => "in between");
          return result;
        }),
      outcome: () => ({ status: "FAILED" }),
      callbacks: (v) => (id === "4-7" ? [reject(v.name!)] : []),
      history: (v) => [
        started(2, "1", v.name!, id === "4-8" ? { Timeout: 5 } : {}),
        ["3 StepStarted Step #2", { StepStartedDetails: "*" }],
        ["4 StepSucceeded Step #2", { StepSucceededDetails: "*" }],
        id === "4-7" ? failed(6, "1", v.name!) : timedOut(6, "1", v.name!, "Callback.Timeout"),
        execFailed(8),
      ],
    }),
  ),
  ...(["4-9", "4-10", "4-11"] as const).map(
    (id): Requirement => ({
      ...base,
      id,
      handler: () =>
        durable(async (name: string, ctx) => {
          const [result] = await ctx.createCallback(
            name,
            id === "4-11" ? { timeout: { seconds: 3 } } : {},
          );
          await ctx.wait({ seconds: id === "4-11" ? 6 : 5 });
          return result;
        }),
      outcome: () => ({ status: id === "4-9" ? "SUCCEEDED" : "FAILED" }),
      callbacks: (v) =>
        id === "4-9" ? [succeed(v.name!, v.payload)] : id === "4-10" ? [reject(v.name!)] : [],
      history: (v) => {
        const seconds = id === "4-11" ? 6 : 5;
        return [
          started(2, "1", v.name!, id === "4-11" ? { Timeout: 3 } : {}),
          wait(3, "2", seconds, "Started"),
          id === "4-9"
            ? succeeded(5, "1", v.name!, json(v.payload))
            : id === "4-10"
              ? failed(5, "1", v.name!)
              : timedOut(5, "1", v.name!, "Callback.Timeout"),
          wait(7, "2", seconds, "Succeeded"),
          id === "4-9" ? execSucceeded(9) : execFailed(9),
        ];
      },
    }),
  ),
  ...(["4-12", "4-13", "4-14"] as const).map(
    (id): Requirement => ({
      ...base,
      id,
      handler: () =>
        durable(async (name: string, ctx) => {
          let outcome: unknown;
          try {
            const [result] = await ctx.createCallback(
              name,
              id === "4-14" ? { timeout: { seconds: 3 } } : {},
            );
            outcome = await result;
          } catch (error) {
            outcome = `caught: ${(error as Error).message}`;
          }
          await ctx.wait({ seconds: 2 });
          return outcome;
        }),
      outcome: () => ({ status: "SUCCEEDED" }),
      callbacks: (v) =>
        id === "4-12" ? [succeed(v.name!, v.payload)] : id === "4-13" ? [reject(v.name!)] : [],
      history: (v) => [
        started(2, "1", v.name!, id === "4-14" ? { Timeout: 3 } : {}),
        id === "4-12"
          ? succeeded(4, "1", v.name!, json(v.payload))
          : id === "4-13"
            ? failed(4, "1", v.name!)
            : timedOut(4, "1", v.name!, "Callback.Timeout"),
        wait(5, "2", 2, "Started"),
        wait(7, "2", 2, "Succeeded"),
        execSucceeded(9),
      ],
    }),
  ),
  {
    id: "4-15",
    vars: ["name", "ref"],
    input: named,
    handler: () =>
      durable(async (name: string, ctx) => {
        const [result] = await ctx.createCallback<{ id: string; message: string; at: Date }>(name, {
          serdes: {
            deserialize: async (text) => {
              const raw = JSON.parse(text ?? "{}") as {
                id: string;
                message: string;
                timestamp: string;
              };
              return { id: raw.id, message: raw.message, at: new Date(raw.timestamp) };
            },
          },
        });
        const got = await result;
        return {
          received: { id: got.id, message: got.message, timestamp: got.at.getTime() / 1000 },
        };
      }),
    outcome: (v) => ({
      status: "SUCCEEDED",
      result: { received: { id: v.ref, message: "hello", timestamp: 1767225600 } },
    }),
    callbacks: (v) => [
      succeed(v.name!, { id: v.ref, message: "hello", timestamp: "2026-01-01T00:00:00.000Z" }),
    ],
    history: (v) => [
      started(2, "1", v.name!),
      [
        `4 CallbackSucceeded Callback #1 name=${v.name}`,
        { CallbackSucceededDetails: { Result: "*" } },
      ],
      execSucceeded(6),
    ],
  },
  {
    id: "4-16",
    vars: ["name"],
    input: named,
    handler: () =>
      durable(async (name: string, ctx) => {
        const [result] = await ctx.createCallback<number>(name, {
          serdes: { deserialize: async (text) => Number(JSON.parse(text ?? "0")) },
        });
        const count = await result;
        return { count, doubled: count * 2 };
      }),
    outcome: () => ({ status: "SUCCEEDED", result: { count: 42, doubled: 84 } }),
    callbacks: (v) => [succeed(v.name!, 42)],
    history: (v) => [
      started(2, "1", v.name!),
      [
        `4 CallbackSucceeded Callback #1 name=${v.name}`,
        { CallbackSucceededDetails: { Result: "*" } },
      ],
      execSucceeded(6),
    ],
  },
  {
    id: "4-17",
    vars: ["a", "b", "payloadA", "payloadB"],
    input: (v) => [v.a, v.b],
    handler: () =>
      durable(async ([a, b]: [string, string], ctx) => {
        const [first] = await ctx.createCallback(a);
        const one = await first;
        const [second] = await ctx.createCallback(b);
        return [one, await second];
      }),
    outcome: () => ({ status: "SUCCEEDED" }),
    callbacks: (v) => [succeed(v.a!, v.payloadA), succeed(v.b!, v.payloadB)],
    history: (v) => [
      started(2, "1", v.a!),
      succeeded(4, "1", v.a!, json(v.payloadA)),
      started(5, "2", v.b!),
      succeeded(7, "2", v.b!, json(v.payloadB)),
      execSucceeded(9),
    ],
  },
  ...(["4-18", "4-19"] as const).map(
    (id): Requirement => ({
      id,
      vars: ["a", "b", "payloadA", "payloadB"],
      input: (v) => [v.a, v.b],
      handler: () =>
        durable(async ([a, b]: [string, string], ctx) => {
          const [first] = await ctx.createCallback(a);
          const [second] = await ctx.createCallback(b);
          if (id === "4-18") return [await first, await second];
          const two = await second;
          return [await first, two];
        }),
      outcome: () => ({ status: "SUCCEEDED" }),
      callbacks: (v) =>
        id === "4-18"
          ? [succeed(v.a!, v.payloadA, 3), succeed(v.b!, v.payloadB, 4)]
          : [succeed(v.b!, v.payloadB, 4), succeed(v.a!, v.payloadA, 1)],
      history: (v) => [
        started(2, "1", v.a!),
        started(3, "2", v.b!),
        succeeded(5, "1", v.a!, json(v.payloadA)),
        succeeded(7, "2", v.b!, json(v.payloadB)),
        execSucceeded(9),
      ],
    }),
  ),
];
