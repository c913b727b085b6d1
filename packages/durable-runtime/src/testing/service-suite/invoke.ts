import type { DurableContext, InvokeConfig } from "@aws/durable-execution-sdk-js";
import type { DurableHandler } from "../../engine/functions.js";
import { done, durable, json } from "./helpers.js";
import type { ExpectedEvent, Requirement } from "./requirement.js";

/**
 * Suite "invoke" (5-n): chained invokes of standard (on-demand) target functions, which end
 * while the caller's first invocation may still be running: their results must still come
 * after its InvocationCompleted.
 */

const echo: DurableHandler = async (event: unknown) => event;
const fails: DurableHandler = async () => {
  throw new Error("target refused the work");
};
const targets = {
  echo: [echo, { durable: false }],
  fails: [fails, { durable: false }],
} satisfies Requirement["targets"];

/**
 * `ctx.invoke(target, input)` without a name: the SDK reads two strings as (name, target), so a
 * string input goes through the three-argument form with no name.
 */
const call = <I, O = unknown>(
  ctx: DurableContext,
  target: string,
  input: I,
  config?: InvokeConfig<I, O>,
): Promise<O> => ctx.invoke<I, O>(undefined as never, target, input, config);

const anyStart = { FunctionName: "*", Input: "*", ExecutedVersion: "*", DurableExecutionArn: "*" };
const invokeStarted = (
  n: number,
  ref: string,
  details: object = {},
  header = "",
): ExpectedEvent => [
  `${n} ChainedInvokeStarted #${ref}${header}`,
  { ChainedInvokeStartedDetails: { ...anyStart, ...details } },
];
const invokeEnded = (
  n: number,
  ref: string,
  how: "Succeeded" | "Failed",
  details: object = how === "Succeeded" ? { Result: "*" } : { Error: "*" },
  header = "",
): ExpectedEvent => [
  `${n} ChainedInvoke${how} #${ref}${header}`,
  { [`ChainedInvoke${how}Details`]: details },
];
const payload = (value: unknown) => ({ Payload: json(value) });

const echoing = (input: (v: Record<string, string>) => unknown, id: string): Requirement => ({
  id,
  targets,
  handler: () => durable(async (event: unknown, ctx) => call(ctx, "echo", event)),
  input,
  outcome: () => ({ status: "SUCCEEDED" }),
  history: (v) => {
    const value = input(v);
    const exact = typeof value === "string";
    return [
      invokeStarted(2, "1", exact ? { Input: payload(value) } : {}),
      done(3),
      invokeEnded(4, "1", "Succeeded", exact ? { Result: payload(value) } : { Result: "*" }),
      done(5),
    ];
  },
});

export const invokeRequirements: Requirement[] = [
  { ...echoing((v) => v.input, "5-1"), vars: ["input"] },
  {
    id: "5-2",
    vars: ["input", "name"],
    targets,
    handler: () =>
      durable(async (event: { name: string; payload: string }, ctx) =>
        ctx.invoke(event.name, "echo", event.payload),
      ),
    input: (v) => ({ name: v.name, payload: v.input }),
    outcome: () => ({ status: "SUCCEEDED" }),
    history: (v) => [
      invokeStarted(2, "1", { Input: payload(v.input) }, ` name=${v.name}`),
      done(3),
      invokeEnded(4, "1", "Succeeded", { Result: payload(v.input) }, ` name=${v.name}`),
      done(5),
    ],
  },
  echoing(() => ({ nested: { kind: "order", sizes: [8, 12, 16] }, origin: "suite" }), "5-3"),
  echoing(() => null, "5-4"),
  ...(["5-5", "5-6"] as const).map(
    (id): Requirement => ({
      id,
      targets,
      handler: () =>
        durable(async (_event, ctx) => {
          try {
            return await call(ctx, "fails", {});
          } catch (error) {
            if (id === "5-5") throw error;
            return "fallback";
          }
        }),
      outcome: () => ({ status: id === "5-5" ? "FAILED" : "SUCCEEDED" }),
      history: () => [invokeStarted(2, "1"), done(3), invokeEnded(4, "1", "Failed"), done(5)],
    }),
  ),
  {
    id: "5-7",
    targets: {
      measure: [
        async (event: { blob: string }) => ({ length: event.blob.length }),
        { durable: false },
      ],
    },
    handler: () =>
      durable(async (_event, ctx) => call(ctx, "measure", { blob: "x".repeat(200 * 1024) })),
    outcome: () => ({ status: "SUCCEEDED", result: { length: 200 * 1024 } }),
    history: () => [
      invokeStarted(2, "1", { Input: { Payload: "*" } }),
      done(3),
      invokeEnded(4, "1", "Succeeded", { Result: { Payload: "*" } }),
    ],
  },
  {
    id: "5-8",
    vars: ["tenant", "input"],
    targets,
    handler: () =>
      durable(async (event: { tenantId: string; payload: string }, ctx) =>
        call(ctx, "echo", event.payload, { tenantId: event.tenantId }),
      ),
    input: (v) => ({ tenantId: v.tenant, payload: v.input }),
    outcome: () => ({ status: "SUCCEEDED" }),
    history: (v) => [
      invokeStarted(2, "1", { TenantId: v.tenant, Input: payload(v.input) }),
      done(3),
      invokeEnded(4, "1", "Succeeded", { Result: payload(v.input) }),
    ],
  },
  ...(["5-9", "5-10"] as const).map(
    (id): Requirement => ({
      id,
      targets,
      handler: () =>
        durable(async (_event, ctx) => {
          let outcome: unknown;
          try {
            outcome = await call(ctx, id === "5-9" ? "echo" : "fails", { n: 1 });
          } catch (error) {
            outcome = (error as Error).message;
          }
          await ctx.wait({ seconds: 1 });
          return outcome;
        }),
      outcome: () => ({ status: "SUCCEEDED" }),
      history: () => [
        invokeStarted(2, "1"),
        done(3),
        invokeEnded(4, "1", id === "5-9" ? "Succeeded" : "Failed"),
        ["5 WaitStarted Wait #2", { WaitStartedDetails: { Duration: 1 } }],
        done(6),
        ["7 WaitSucceeded Wait #2", { WaitSucceededDetails: { Duration: 1 } }],
      ],
    }),
  ),
  {
    id: "5-11",
    targets,
    handler: () =>
      durable(async (_event, ctx) => {
        const order = await ctx.step(async () => ({ drink: "flat white" }));
        return call(ctx, "echo", order);
      }),
    outcome: () => ({ status: "SUCCEEDED", result: { drink: "flat white" } }),
    history: () => [
      ["2 StepStarted Step #2"],
      ["3 StepSucceeded Step #2"],
      invokeStarted(4, "1"),
      done(5),
      invokeEnded(6, "1", "Succeeded"),
    ],
  },
  {
    id: "5-12",
    targets,
    handler: () =>
      durable(async (_event, ctx) => {
        const echoed = await call<{ n: number }, { n: number }>(ctx, "echo", { n: 20 });
        return ctx.step(async () => echoed.n + 1);
      }),
    outcome: () => ({ status: "SUCCEEDED", result: 21 }),
    history: () => [
      invokeStarted(2, "1"),
      done(3),
      invokeEnded(4, "1", "Succeeded"),
      ["5 StepStarted Step #2"],
      ["6 StepSucceeded Step #2"],
    ],
  },
  {
    id: "5-13",
    targets,
    handler: () =>
      durable(async (_event, ctx) =>
        ctx.runInChildContext(async (child) => call(child, "echo", "inside")),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: "inside" }),
    history: () => [
      ["2 ContextStarted #c"],
      invokeStarted(3, "1", {}, " ^c"),
      done(4),
      invokeEnded(5, "1", "Succeeded", { Result: "*" }, " ^c"),
      ["6 ContextSucceeded #c", { ContextSucceededDetails: { Result: "*" } }],
    ],
  },
  {
    id: "5-14",
    targets,
    handler: () =>
      durable(async (_event, ctx) => {
        const first = await call(ctx, "echo", "one");
        const second = await call(ctx, "echo", "two");
        return [first, second];
      }),
    outcome: () => ({ status: "SUCCEEDED", result: ["one", "two"] }),
    history: () => [
      invokeStarted(2, "1"),
      done(3),
      invokeEnded(4, "1", "Succeeded"),
      invokeStarted(5, "2"),
      done(6),
      invokeEnded(7, "2", "Succeeded"),
    ],
  },
  {
    id: "5-15",
    targets,
    handler: () =>
      durable(async (event: { data: string }, ctx) =>
        call(ctx, "echo", event, {
          payloadSerdes: {
            serialize: async (value) =>
              value === undefined ? undefined : json(value).toUpperCase(),
            deserialize: async (text) => (text === undefined ? undefined : JSON.parse(text)),
          },
        }),
      ),
    input: () => ({ data: "hello" }),
    outcome: () => ({ status: "SUCCEEDED", result: { DATA: "HELLO" } }),
    history: () => [
      invokeStarted(2, "1", { Input: { Payload: "*" } }),
      done(3),
      invokeEnded(4, "1", "Succeeded", { Result: { Payload: "*" } }),
    ],
  },
  {
    id: "5-16",
    targets,
    handler: () =>
      durable(async (event: string, ctx) =>
        call(ctx, "echo", event, {
          resultSerdes: {
            serialize: async (value) => (value === undefined ? undefined : json(value)),
            deserialize: async (text) => text?.toUpperCase(),
          },
        }),
      ),
    input: () => "hello",
    outcome: () => ({ status: "SUCCEEDED", result: '"HELLO"' }),
    history: () => [
      invokeStarted(2, "1", { Input: payload("hello") }),
      done(3),
      invokeEnded(4, "1", "Succeeded", { Result: payload("hello") }),
    ],
  },
];
