import {
  type DurableContext,
  type DurableInstrumentationPlugin,
  type OperationInfo,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import type { DurableHandler } from "../../engine/functions.js";
import { done, json } from "./helpers.js";
import type { ExpectedEvent, LogRecord, Requirement } from "./requirement.js";

/**
 * Suite "plugin" (10-n): an instrumentation plugin's view. Each requirement's plugin writes
 * the records its prose describes to `records` (on the service they are stdout lines read back
 * from CloudWatch); the expectations are on those records.
 */

type Fn = (event: never, ctx: DurableContext) => Promise<unknown>;
const withPlugins = (fn: Fn, plugins: DurableInstrumentationPlugin[]): DurableHandler =>
  withDurableExecution(fn as never, { plugins } as never) as DurableHandler;

const PLUGIN = "CONFPLUGIN";
/** Hook infos as these records read them, fields of later 2.x releases optional (2.0.0 types). */
type Info = OperationInfo & { attempt?: number; error?: Error; outcome?: string };
const updatedOf = (info: object): Record<string, OperationInfo> =>
  (info as { updatedOperations?: Record<string, OperationInfo> }).updatedOperations ?? {};
const iso = (d: Date | undefined) => d?.toISOString();
const isTerminal = (status: string | undefined) =>
  status === "SUCCEEDED" || status === "FAILED" || status === "TIMED_OUT" || status === "STOPPED";
/** The record with undefined fields left out (the suite's "unset fields are omitted"). */
const compact = (r: LogRecord): LogRecord =>
  Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));

const greet = (records: LogRecord[]) => async (name: string, ctx: DurableContext) =>
  ctx.step(async () => {
    records.push({ message: `Greeting step running for: ${name}` });
    return `Hello, ${name}!`;
  });
const stepPair: ExpectedEvent[] = [
  ["2 StepStarted Step #1", { StepStartedDetails: {} }],
  ["3 StepSucceeded Step #1", { StepSucceededDetails: {} }],
];
const waitPair: ExpectedEvent[] = [
  ["2 WaitStarted Wait #1", { WaitStartedDetails: { Duration: 2 } }],
  ["4 WaitSucceeded Wait #1", { WaitSucceededDetails: { Duration: 2 } }],
];
const hello = (v: Record<string, string>) => ({
  status: "SUCCEEDED",
  result: `Hello, ${v.input}!`,
});
const failOnce = () => {
  let calls = 0;
  return async () => {
    calls++;
    if (calls === 1) throw new Error("not yet");
    return "Operation succeeded";
  };
};
const retryOnce = {
  retryStrategy: (_e: Error, n: number) => ({ shouldRetry: n < 2, delay: { seconds: 1 } }),
};
const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

/** invocation-start (first) and invocation-end (status) records. */
const invocationHooks = (records: LogRecord[], plugin = PLUGIN): DurableInstrumentationPlugin => ({
  async onInvocationStart(info) {
    records.push({ plugin, hook: "invocation-start", first: info.isFirstInvocation });
  },
  async onInvocationEnd(info) {
    records.push({ plugin, hook: "invocation-end", status: info.status });
  },
});
/** A plugin whose every hook writes a record and then throws. */
const faulty = (records: LogRecord[]): DurableInstrumentationPlugin => {
  const fail = (hook: string) => {
    records.push({ plugin: `${PLUGIN}-FAULTY`, hook });
    throw new Error(`plugin hook ${hook} fails`);
  };
  const steps = (info: OperationInfo, hook: string) =>
    info.type === "STEP" ? fail(hook) : undefined;
  return {
    async onInvocationStart() {
      fail("invocation-start");
    },
    async onInvocationEnd() {
      fail("invocation-end");
    },
    async onOperationStart(info) {
      steps(info, "operation-start");
    },
    async onOperationEnd(info) {
      steps(info, "operation-end");
    },
    async onOperationAttemptStart(info) {
      steps(info, "attempt-start");
    },
    async onOperationAttemptEnd(info) {
      steps(info, "attempt-end");
    },
  };
};
/** Step operations' start and end, and attempts, as records with their ids. */
const stepHooks = (records: LogRecord[], plugin = PLUGIN): DurableInstrumentationPlugin => ({
  async onOperationStart(info) {
    if (info.type === "STEP")
      records.push({ plugin, hook: "operation-start", op: info.id, replay: info.isReplay });
  },
  async onOperationEnd(info) {
    if (info.type !== "STEP") return;
    records.push({
      plugin,
      hook: "operation-end",
      op: info.id,
      status: info.status,
      result: info.result ?? "NONE",
      error: (info as Info).error?.message ?? "NONE",
    });
  },
  async onOperationAttemptStart(info) {
    if (info.type === "STEP")
      records.push({ plugin, hook: "attempt-start", n: (info as Info).attempt, op: info.id });
  },
  async onOperationAttemptEnd(info) {
    if (info.type !== "STEP") return;
    records.push({
      plugin,
      hook: "attempt-end",
      n: (info as Info).attempt,
      outcome: info.outcome,
      op: info.id,
    });
  },
});
const healthy = (records: LogRecord[]): DurableInstrumentationPlugin => ({
  ...invocationHooks(records, `${PLUGIN}-HEALTHY`),
  ...stepHooks(records, `${PLUGIN}-HEALTHY`),
});

/** An operation info as a canonical record: the fields the SDK sets, timestamps in ISO-8601. */
const dump = (info: Info): LogRecord => ({
  id: info.id,
  name: info.name,
  type: info.type,
  subType: info.subType,
  parentId: info.parentId,
  status: info.status,
  attempt: info.attempt,
  isReplay: info.isReplay,
  result: info.result,
  error: info.error?.message,
  startTimestamp: iso(info.startTimestamp),
  endTimestamp: iso(info.endTimestamp),
});

/** Attempt 1 fails, attempt 2 ends `second`, in order, and there is no third. */
const twoAttempts = (op: unknown, second: "SUCCEEDED" | "FAILED") => [
  P({ hook: "attempt-start", n: 1, op }, { count: 1 }),
  P(
    { hook: "attempt-end", n: 1, outcome: "FAILED", op },
    { count: 1, after: { hook: "attempt-start", n: 1 } },
  ),
  P({ hook: "attempt-start", n: 2, op }, { count: 1, after: { hook: "attempt-end", n: 1 } }),
  P(
    { hook: "attempt-end", n: 2, outcome: second, op },
    { count: 1, after: { hook: "attempt-start", n: 2 } },
  ),
  P({ hook: "attempt-start", n: 3 }, { count: 0 }),
];

const P = (match: LogRecord, extra: { count?: number; after?: LogRecord } = {}) => ({
  match: { plugin: PLUGIN, ...match },
  ...extra,
});

export const pluginRequirements: Requirement[] = [
  {
    id: "10-1",
    vars: ["input"],
    input: (v) => v.input,
    handler: (_v, records) => withPlugins(greet(records) as Fn, [invocationHooks(records)]),
    outcome: hello,
    history: () => [...stepPair, done(4)],
    logs: (v) => [
      P({ hook: "invocation-start", first: true }, { count: 1 }),
      {
        match: { message: `Greeting step running for: ${v.input}` },
        count: 1,
        after: { hook: "invocation-start" },
      },
      P(
        { hook: "invocation-end", status: "SUCCEEDED" },
        { count: 1, after: { message: `Greeting step running for: ${v.input}` } },
      ),
      P({ hook: "invocation-start", first: false }, { count: 0 }),
    ],
  },
  {
    id: "10-2",
    vars: ["input"],
    input: (v) => v.input,
    handler: (_v, records) => withPlugins(greet(records) as Fn, [stepHooks(records)]),
    outcome: hello,
    history: () => [...stepPair, done(4)],
    logs: (_v, ids) => [
      P({ hook: "operation-start", op: ids.get("1") }, { count: 1 }),
      P(
        { hook: "operation-end", op: ids.get("1"), status: "SUCCEEDED" },
        { count: 1, after: { hook: "operation-start" } },
      ),
    ],
  },
  {
    id: "10-3",
    handler: (_v, records) => {
      const attempt = failOnce();
      return withPlugins(async (_e, ctx) => ctx.step(attempt, retryOnce), [stepHooks(records)]);
    },
    outcome: () => ({ status: "SUCCEEDED", result: "Operation succeeded" }),
    history: () => [
      ["2 StepStarted Step #1"],
      [
        "3 StepFailed Step #1",
        { StepFailedDetails: { Error: {}, RetryDetails: { CurrentAttempt: 1 } } },
      ],
      ["5 StepStarted Step #1"],
      [
        "6 StepSucceeded Step #1",
        { StepSucceededDetails: { Result: {}, RetryDetails: { CurrentAttempt: 2 } } },
      ],
    ],
    logs: (_v, ids) => twoAttempts(ids.get("1"), "SUCCEEDED"),
  },
  {
    id: "10-4",
    vars: ["input"],
    input: (v) => v.input,
    handler: (_v, records) => withPlugins(greet(records) as Fn, [faulty(records)]),
    outcome: hello,
    history: () => [...stepPair, done(4)],
    logs: () =>
      [
        "invocation-start",
        "invocation-end",
        "operation-start",
        "operation-end",
        "attempt-start",
        "attempt-end",
      ].map((hook) => ({ match: { plugin: `${PLUGIN}-FAULTY`, hook } })),
  },
  {
    id: "10-5",
    vars: ["input"],
    input: (v) => v.input,
    handler: (_v, records) =>
      withPlugins(greet(records) as Fn, [
        invocationHooks(records, `${PLUGIN}-A`),
        invocationHooks(records, `${PLUGIN}-B`),
      ]),
    outcome: hello,
    history: () => [...stepPair, done(4)],
    logs: () => [
      { match: { plugin: `${PLUGIN}-A`, hook: "invocation-start" }, count: 1 },
      {
        match: { plugin: `${PLUGIN}-A`, hook: "invocation-end", status: "SUCCEEDED" },
        count: 1,
        after: { plugin: `${PLUGIN}-A`, hook: "invocation-start" },
      },
      { match: { plugin: `${PLUGIN}-B`, hook: "invocation-start" }, count: 1 },
      { match: { plugin: `${PLUGIN}-B`, hook: "invocation-end", status: "SUCCEEDED" }, count: 1 },
    ],
  },
  {
    id: "10-6",
    handler: (_v, records) =>
      withPlugins(async (_e, ctx) => ctx.wait({ seconds: 2 }), [invocationHooks(records)]),
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => [...waitPair],
    logs: () => [
      P({ hook: "invocation-start", first: true }, { count: 1 }),
      P(
        { hook: "invocation-start", first: false },
        { count: 1, after: { hook: "invocation-start", first: true } },
      ),
      P(
        { hook: "invocation-end", status: "SUCCEEDED" },
        { count: 1, after: { hook: "invocation-start", first: false } },
      ),
    ],
  },
  {
    id: "10-7",
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) =>
          ctx.step(async () => {
            throw new Error("always");
          }, noRetry),
        [invocationHooks(records)],
      ),
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ["2 StepStarted Step #1"],
      [
        "3 StepFailed Step #1",
        { StepFailedDetails: { Error: { Payload: { ErrorMessage: "*", ErrorType: "*" } } } },
      ],
    ],
    logs: () => [
      P({ hook: "invocation-start", first: true }, { count: 1 }),
      P(
        { hook: "invocation-end", status: "FAILED" },
        { count: 1, after: { hook: "invocation-start" } },
      ),
      P({ hook: "invocation-end", status: "SUCCEEDED" }, { count: 0 }),
    ],
  },
  {
    id: "10-8",
    vars: ["input"],
    input: (v) => v.input,
    handler: (_v, records) =>
      withPlugins(greet(records) as Fn, [
        {
          async onOperationChange(info) {
            for (const [id, op] of Object.entries(updatedOf(info))) {
              if (op.type !== "STEP") continue;
              records.push({
                plugin: PLUGIN,
                hook: "operation-change",
                op: id,
                status: op.status,
                in_full_map: id in info.operations,
              });
            }
          },
        },
      ]),
    outcome: hello,
    history: () => [
      ["2 StepStarted Step #1", { StepStartedDetails: {} }],
      ["3 StepSucceeded Step #1", { StepSucceededDetails: { Result: {} } }],
    ],
    logs: (_v, ids) => [
      P(
        { hook: "operation-change", op: ids.get("1"), status: "SUCCEEDED", in_full_map: true },
        { count: 1 },
      ),
    ],
  },
  {
    id: "10-9",
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) => ctx.wait({ seconds: 2 }),
        [
          {
            async onInvocationStart(info) {
              for (const [id, op] of Object.entries(updatedOf(info))) {
                if (op.type !== "WAIT") continue;
                records.push({
                  plugin: PLUGIN,
                  hook: "updated-on-invoke",
                  op: id,
                  status: op.status,
                  first: info.isFirstInvocation,
                });
              }
            },
          },
        ],
      ),
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => [...waitPair],
    logs: (_v, ids) => [
      P(
        { hook: "updated-on-invoke", op: ids.get("1"), status: "SUCCEEDED", first: false },
        { count: 1 },
      ),
      P({ hook: "updated-on-invoke", first: true }, { count: 0 }),
    ],
  },
  {
    id: "10-10",
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) => ctx.wait({ seconds: 2 }),
        [
          {
            async onOperationStart(info) {
              if (info.type === "WAIT")
                records.push({
                  plugin: PLUGIN,
                  hook: "operation-start",
                  op: info.id,
                  type: info.type,
                });
            },
            async onOperationEnd(info) {
              if (info.type === "WAIT") {
                records.push({
                  plugin: PLUGIN,
                  hook: "operation-end",
                  op: info.id,
                  type: info.type,
                  status: info.status,
                });
              }
            },
          },
        ],
      ),
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => [...waitPair],
    logs: (_v, ids) => [
      P({ hook: "operation-start", op: ids.get("1"), type: "WAIT" }, { count: 1 }),
      P(
        { hook: "operation-end", op: ids.get("1"), type: "WAIT", status: "SUCCEEDED" },
        { count: 1, after: { hook: "operation-start" } },
      ),
    ],
  },
  {
    id: "10-11",
    vars: ["input"],
    input: (v) => v.input,
    handler: (_v, records) =>
      withPlugins(
        async (name: string, ctx) =>
          ctx.runInChildContext(async (c) => c.step(async () => `Hello, ${name}!`)),
        [
          {
            async onOperationEnd(info) {
              if (!isTerminal(info.status)) return;
              records.push({
                plugin: PLUGIN,
                hook: "operation-end",
                op: info.id,
                parent: info.parentId ?? "NONE",
                status: info.status,
              });
            },
          },
        ],
      ),
    outcome: hello,
    history: () => [
      ["2 ContextStarted RunInChildContext #c"],
      ["3 StepStarted Step #s ^c"],
      ["4 StepSucceeded Step #s ^c", { StepSucceededDetails: { Result: {} } }],
    ],
    logs: (_v, ids) => [
      P(
        { hook: "operation-end", op: ids.get("s"), parent: ids.get("c"), status: "SUCCEEDED" },
        { count: 1 },
      ),
      P(
        { hook: "operation-end", op: ids.get("c"), parent: "NONE", status: "SUCCEEDED" },
        { count: 1 },
      ),
    ],
  },
  {
    id: "10-12",
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) =>
          (
            await ctx.parallel("parallel", [async () => "task-1", async () => "task-2"], {
              maxConcurrency: 1,
            })
          ).getResults(),
        [
          {
            wrapChildContextFn(info, fn) {
              if (info.subType !== "ParallelBranch") return fn();
              const base = { plugin: PLUGIN, op: info.id, parent: info.parentId };
              records.push({ ...base, hook: "fn-start" });
              return Promise.resolve(fn()).then(
                (value) => {
                  records.push({ ...base, hook: "fn-end", outcome: "SUCCEEDED" });
                  return value;
                },
                (error: unknown) => {
                  records.push({ ...base, hook: "fn-end", outcome: "FAILED" });
                  throw error;
                },
              );
            },
          },
        ],
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["task-1", "task-2"] }),
    history: () => [
      ["2 ContextStarted Parallel #p"],
      ["3 ContextStarted ParallelBranch #b1 ^p"],
      ["4 ContextSucceeded ParallelBranch #b1 ^p"],
      ["5 ContextStarted ParallelBranch #b2 ^p"],
      ["6 ContextSucceeded ParallelBranch #b2 ^p"],
      ["7 ContextSucceeded Parallel #p"],
    ],
    logs: (_v, ids) => [
      P({ hook: "fn-start", op: ids.get("b1"), parent: ids.get("p") }, { count: 1 }),
      P(
        { hook: "fn-end", op: ids.get("b1"), parent: ids.get("p"), outcome: "SUCCEEDED" },
        { count: 1, after: { hook: "fn-start", op: ids.get("b1") } },
      ),
      P({ hook: "fn-start", op: ids.get("b2"), parent: ids.get("p") }, { count: 1 }),
      P(
        { hook: "fn-end", op: ids.get("b2"), parent: ids.get("p"), outcome: "SUCCEEDED" },
        { count: 1, after: { hook: "fn-start", op: ids.get("b2") } },
      ),
      P({ hook: "fn-end", outcome: "FAILED" }, { count: 0 }),
    ],
  },
  {
    id: "10-13",
    handler: (_v, records) => {
      const b = failOnce();
      return withPlugins(
        async (_e, ctx) => {
          await ctx.step(async () => "a");
          return ctx.step(b, retryOnce);
        },
        [stepHooks(records)],
      );
    },
    outcome: () => ({ status: "SUCCEEDED", result: "Operation succeeded" }),
    history: () => [
      ["2 StepStarted Step #1"],
      ["3 StepSucceeded Step #1"],
      ["4 StepStarted Step #2"],
      ["5 StepFailed Step #2"],
      ["7 StepStarted Step #2"],
      ["8 StepSucceeded Step #2"],
    ],
    logs: (_v, ids) => [
      P({ hook: "operation-start", op: ids.get("1"), replay: false }, { count: 1 }),
      P({ hook: "operation-start", op: ids.get("1"), replay: true }, { count: 0 }),
      P({ hook: "operation-end", op: ids.get("1"), status: "SUCCEEDED" }, { count: 1 }),
      P({ hook: "operation-start", op: ids.get("2"), replay: false }, { count: 1 }),
      P({ hook: "operation-start", op: ids.get("2"), replay: true }),
      P({ hook: "operation-end", op: ids.get("2"), status: "SUCCEEDED" }, { count: 1 }),
      P({ hook: "operation-end", op: ids.get("2"), status: "FAILED" }, { count: 0 }),
    ],
  },
  {
    id: "10-14",
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) => {
          await ctx.step(async () => "task-a");
          return ctx.step(async () => {
            throw new Error("boom");
          }, noRetry);
        },
        [stepHooks(records)],
      ),
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ["2 StepStarted Step #1"],
      ["3 StepSucceeded Step #1"],
      ["4 StepStarted Step #2"],
      ["5 StepFailed Step #2"],
    ],
    logs: (_v, ids) => [
      P(
        {
          hook: "operation-end",
          op: ids.get("1"),
          status: "SUCCEEDED",
          result: json("task-a"),
          error: "NONE",
        },
        { count: 1 },
      ),
      P(
        {
          hook: "operation-end",
          op: ids.get("2"),
          status: "FAILED",
          result: "NONE",
          error: "boom",
        },
        { count: 1 },
      ),
    ],
  },
  {
    id: "10-15",
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) =>
          ctx.step(async () => {
            throw new Error("always");
          }, retryOnce),
        [stepHooks(records)],
      ),
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ["2 StepStarted Step #1"],
      ["3 StepFailed Step #1"],
      ["5 StepStarted Step #1"],
      ["6 StepFailed Step #1"],
    ],
    logs: (_v, ids) => {
      const op = ids.get("1");
      return [
        ...twoAttempts(op, "FAILED"),
        P({ hook: "attempt-end", outcome: "SUCCEEDED" }, { count: 0 }),
        P(
          { hook: "operation-end", op, status: "FAILED" },
          { count: 1, after: { hook: "attempt-end", n: 2 } },
        ),
      ];
    },
  },
  {
    id: "10-16",
    handler: (_v, records) => {
      let first = false;
      return withPlugins(
        async (_e, ctx) => ctx.wait({ seconds: 2 }),
        [
          {
            async onInvocationStart(info) {
              first = info.isFirstInvocation;
              records.push({ plugin: PLUGIN, hook: "invocation-start", first });
            },
            async onInvocationEnd(info) {
              const terminal = info.status === "SUCCEEDED" || info.status === "FAILED";
              records.push({
                plugin: PLUGIN,
                hook: "invocation-end",
                first,
                terminal,
                status: info.status,
              });
            },
          },
        ],
      );
    },
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => [...waitPair],
    logs: () => [
      P({ hook: "invocation-end", first: true, terminal: false }, { count: 1 }),
      P(
        { hook: "invocation-end", first: false, terminal: true, status: "SUCCEEDED" },
        { count: 1, after: { hook: "invocation-end", first: true } },
      ),
      P({ hook: "invocation-end", first: true, terminal: true }, { count: 0 }),
      P({ hook: "invocation-end", status: "FAILED" }, { count: 0 }),
    ],
  },
  {
    id: "10-17",
    vars: ["input"],
    input: (v) => v.input,
    handler: (_v, records) =>
      withPlugins(greet(records) as Fn, [faulty(records), healthy(records)]),
    outcome: hello,
    history: () => [...stepPair],
    logs: (_v, ids) => {
      const op = ids.get("1");
      const H = (m: LogRecord, extra: { count?: number; after?: LogRecord } = {}) => ({
        match: { plugin: `${PLUGIN}-HEALTHY`, ...m },
        count: 1,
        ...extra,
      });
      return [
        ...[
          "invocation-start",
          "operation-start",
          "attempt-start",
          "attempt-end",
          "operation-end",
          "invocation-end",
        ].map((hook) => ({ match: { plugin: `${PLUGIN}-FAULTY`, hook }, count: 1 })),
        H({ hook: "invocation-start", first: true }),
        H({ hook: "operation-start", op }),
        H({ hook: "attempt-start", op }),
        H({ hook: "attempt-end", op, outcome: "SUCCEEDED" }),
        H({ hook: "operation-end", op, status: "SUCCEEDED" }),
        H(
          { hook: "invocation-end", status: "SUCCEEDED" },
          { after: { plugin: `${PLUGIN}-HEALTHY`, hook: "operation-end" } },
        ),
      ];
    },
  },
  {
    id: "10-18",
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) =>
          (
            await ctx.parallel("waits", [
              async (c: DurableContext) => {
                await c.wait("short", { seconds: 2 });
                return "short-done";
              },
              async (c: DurableContext) => {
                await c.wait("long", { seconds: 8 });
                return "long-done";
              },
            ])
          ).getResults(),
        [
          {
            async onOperationStart(info) {
              if (info.type !== "WAIT") return;
              records.push({
                plugin: PLUGIN,
                hook: "operation-start",
                type: info.type,
                name: info.name,
                replay: info.isReplay,
                pending: !isTerminal(info.status),
              });
            },
            async onOperationEnd(info) {
              if (info.type !== "WAIT") return;
              records.push({
                plugin: PLUGIN,
                hook: "operation-end",
                type: info.type,
                name: info.name,
                status: info.status,
              });
            },
          },
        ],
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["short-done", "long-done"] }),
    history: () => [["2 ContextStarted Parallel #p"]],
    logs: () => [
      P({ hook: "operation-start", type: "WAIT", name: "short", replay: false }, { count: 1 }),
      P({ hook: "operation-start", type: "WAIT", name: "long", replay: false }, { count: 1 }),
      P({ hook: "operation-start", type: "WAIT", name: "long", replay: true, pending: true }),
      P({ hook: "operation-start", type: "WAIT", replay: true, pending: false }, { count: 0 }),
      P({ hook: "operation-start", type: "WAIT", name: "short", replay: true }, { count: 0 }),
      P({ hook: "operation-end", type: "WAIT", name: "short", status: "SUCCEEDED" }, { count: 1 }),
      P({ hook: "operation-end", type: "WAIT", name: "long", status: "SUCCEEDED" }, { count: 1 }),
      P({ hook: "operation-end", type: "WAIT", status: "FAILED" }, { count: 0 }),
    ],
  },
  {
    id: "10-19",
    vars: ["input"],
    input: (v) => v.input,
    handler: (_v, records) => {
      let first: boolean | undefined;
      return withPlugins(
        async (name: string, ctx) => {
          await ctx.wait({ seconds: 2 });
          return `done-${name}`;
        },
        [
          {
            async onInvocationStart(info) {
              first = info.isFirstInvocation;
              records.push(
                compact({
                  plugin: PLUGIN,
                  hook: "invocation-start",
                  isFirstInvocation: info.isFirstInvocation,
                  requestId: info.requestId,
                  executionArn: info.executionArn,
                  operationsCount: Object.keys(info.operations).length,
                  updatedOperationsCount: Object.keys(updatedOf(info)).length,
                  executionStartTimestamp: iso(
                    (info as { executionStartTimestamp?: Date }).executionStartTimestamp,
                  ),
                }),
              );
            },
            async onInvocationEnd(info) {
              records.push(
                compact({
                  plugin: PLUGIN,
                  hook: "invocation-end",
                  isFirstInvocation: first,
                  terminal: info.status === "SUCCEEDED" || info.status === "FAILED",
                  status: info.status,
                  requestId: info.requestId,
                  operationsCount: Object.keys(info.operations).length,
                  executionStartTimestamp: iso(
                    (info as { executionStartTimestamp?: Date }).executionStartTimestamp,
                  ),
                  executionError: info.executionError?.message,
                }),
              );
            },
          },
        ],
      );
    },
    outcome: (v) => ({ status: "SUCCEEDED", result: `done-${v.input}` }),
    history: () => [...waitPair],
    logs: () => [
      P(
        {
          hook: "invocation-start",
          isFirstInvocation: true,
          requestId: /.+/,
          operationsCount: /^\d+$/,
          executionStartTimestamp: /^\d{4}-/,
        },
        { count: 1 },
      ),
      P(
        {
          hook: "invocation-start",
          isFirstInvocation: false,
          updatedOperationsCount: /^[1-9]\d*$/,
        },
        { count: 1 },
      ),
      P({ hook: "invocation-start", requestId: /.+/ }, { count: 2 }),
      P({ hook: "invocation-start", operationsCount: /^\d+$/ }, { count: 2 }),
      P({ hook: "invocation-start", executionStartTimestamp: /^\d{4}-/ }, { count: 2 }),
      P(
        { hook: "invocation-end", isFirstInvocation: true, terminal: false, status: /.+/ },
        { count: 1 },
      ),
      P(
        { hook: "invocation-end", isFirstInvocation: false, terminal: true, status: "SUCCEEDED" },
        { count: 1 },
      ),
      P({ hook: "invocation-end", executionError: /.*/ }, { count: 0 }),
      P({ hook: "invocation-end", requestId: /.+/ }, { count: 2 }),
      P({ hook: "invocation-end", operationsCount: /^\d+$/ }, { count: 2 }),
      P({ hook: "invocation-end", executionStartTimestamp: /^\d{4}-/ }, { count: 2 }),
    ],
  },
  {
    id: "10-20",
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) => ctx.step("greet", async () => "task-a"),
        [
          {
            async onOperationStart(info) {
              if (info.type === "STEP")
                records.push(compact({ plugin: PLUGIN, hook: "operation-start", ...dump(info) }));
            },
            async onOperationEnd(info) {
              if (info.type === "STEP")
                records.push(compact({ plugin: PLUGIN, hook: "operation-end", ...dump(info) }));
            },
          },
        ],
      ),
    outcome: () => ({ status: "SUCCEEDED", result: "task-a" }),
    history: () => [["2 StepStarted Step #1 name=greet"], ["3 StepSucceeded Step #1 name=greet"]],
    logs: (_v, ids) => [
      P(
        { hook: "operation-start", id: ids.get("1"), name: "greet", type: "STEP", isReplay: false },
        { count: 1 },
      ),
      P(
        {
          hook: "operation-end",
          id: ids.get("1"),
          name: "greet",
          type: "STEP",
          isReplay: false,
          status: "SUCCEEDED",
          attempt: 1,
          startTimestamp: /^\d{4}-/,
          endTimestamp: /^\d{4}-/,
        },
        { count: 1 },
      ),
      P({ hook: "operation-end", id: ids.get("1"), error: /.*/ }, { count: 0 }),
    ],
  },
  {
    id: "10-21",
    handler: (_v, records) => {
      let calls = 0;
      return withPlugins(
        async (_e, ctx) =>
          ctx.step(
            "flaky",
            async () => {
              calls++;
              if (calls === 1) throw new Error("first attempt fails");
              return "ok";
            },
            retryOnce,
          ),
        [
          {
            async onOperationAttemptStart(info) {
              if (info.type === "STEP")
                records.push(compact({ plugin: PLUGIN, hook: "attempt-start", ...dump(info) }));
            },
            async onOperationAttemptEnd(info) {
              if (info.type !== "STEP") return;
              records.push(
                compact({
                  plugin: PLUGIN,
                  hook: "attempt-end",
                  ...dump(info),
                  outcome: info.outcome,
                }),
              );
            },
          },
        ],
      );
    },
    outcome: () => ({ status: "SUCCEEDED", result: "ok" }),
    history: () => [
      ["2 StepStarted Step #1 name=flaky"],
      ["3 StepFailed Step #1 name=flaky"],
      ["5 StepStarted Step #1 name=flaky"],
      ["6 StepSucceeded Step #1 name=flaky"],
    ],
    logs: (_v, ids) => {
      const base = { id: ids.get("1"), name: "flaky", type: "STEP" };
      return [
        P({ hook: "attempt-start", ...base, attempt: 1, startTimestamp: /^\d{4}-/ }, { count: 1 }),
        P(
          {
            hook: "attempt-end",
            ...base,
            attempt: 1,
            outcome: "FAILED",
            error: /.+/,
            startTimestamp: /^\d{4}-/,
            endTimestamp: /^\d{4}-/,
          },
          { count: 1, after: { hook: "attempt-start", attempt: 1 } },
        ),
        P(
          { hook: "attempt-start", ...base, attempt: 2, startTimestamp: /^\d{4}-/ },
          { count: 1, after: { hook: "attempt-end", attempt: 1 } },
        ),
        P(
          {
            hook: "attempt-end",
            ...base,
            attempt: 2,
            outcome: "SUCCEEDED",
            startTimestamp: /^\d{4}-/,
            endTimestamp: /^\d{4}-/,
          },
          { count: 1, after: { hook: "attempt-start", attempt: 2 } },
        ),
        P({ hook: "attempt-start", isReplay: /.*/ }, { count: 2 }),
        P({ hook: "attempt-end", isReplay: /.*/ }, { count: 2 }),
        P({ hook: "attempt-start", attempt: 3 }, { count: 0 }),
        P({ hook: "attempt-end", outcome: "SUCCEEDED", error: /.*/ }, { count: 0 }),
      ];
    },
  },
  {
    id: "10-22",
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) => ctx.step("greet", async () => "task-a"),
        [
          {
            async onOperationChange(info) {
              for (const [id, op] of Object.entries(updatedOf(info))) {
                if (op.type !== "STEP") continue;
                records.push(
                  compact({
                    plugin: PLUGIN,
                    hook: "operation-change",
                    ...dump(op),
                    inFullMap: id in info.operations,
                    executionArn: info.executionArn,
                    updatedOperationsCount: Object.keys(updatedOf(info)).length,
                    operationsCount: Object.keys(info.operations).length,
                  }),
                );
              }
            },
          },
        ],
      ),
    outcome: () => ({ status: "SUCCEEDED", result: "task-a" }),
    history: () => [["2 StepStarted Step #1"], ["3 StepSucceeded Step #1"]],
    logs: (_v, ids) => [
      P(
        {
          hook: "operation-change",
          id: ids.get("1"),
          name: "greet",
          type: "STEP",
          status: "SUCCEEDED",
          endTimestamp: /^\d{4}-/,
          attempt: 1,
          inFullMap: true,
          executionArn: /^arn:/,
          updatedOperationsCount: /^[1-9]\d*$/,
          operationsCount: /^[1-9]\d*$/,
          startTimestamp: /^\d{4}-/,
          isReplay: /.*/,
        },
        { count: 1 },
      ),
      P({ hook: "operation-change", id: ids.get("1"), status: "FAILED" }, { count: 0 }),
    ],
  },
  {
    id: "10-23",
    gap: {
      why: "SDK 2.4.0's wrapChildContextFn info carries no children-replay indicator (isReplayingChildren)",
      errors: [/"fn-start".*"isReplayingChildren":false.*0 records, expected at least 1/],
    },
    handler: (_v, records) =>
      withPlugins(
        async (_e, ctx) =>
          (
            await ctx.parallel(
              "ctx",
              [
                {
                  name: "branch-a",
                  func: async (c: DurableContext) => {
                    await c.step("inner", async () => "x");
                    await c.wait({ seconds: 2 });
                    return "a-done";
                  },
                },
                { name: "branch-b", func: async () => "b-done" },
              ],
              { maxConcurrency: 1 },
            )
          ).getResults(),
        [
          {
            async onOperationStart(info) {
              if (info.type === "CONTEXT")
                records.push(compact({ plugin: PLUGIN, hook: "operation-start", ...dump(info) }));
            },
            wrapChildContextFn(info, fn) {
              records.push(
                compact({
                  plugin: PLUGIN,
                  hook: "fn-start",
                  name: info.name,
                  isReplayingChildren: (info as { isReplayingChildren?: boolean })
                    .isReplayingChildren,
                }),
              );
              return fn();
            },
          },
        ],
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["a-done", "b-done"] }),
    history: () => [["2 ContextStarted Parallel #p"]],
    logs: (_v, ids) => [
      P(
        {
          hook: "operation-start",
          id: ids.get("p"),
          type: /context/i,
          subType: /^parallel$/i,
          isReplay: false,
        },
        { count: 1 },
      ),
      P(
        {
          hook: "operation-start",
          name: "branch-a",
          type: /context/i,
          subType: /branch/i,
          isReplay: false,
        },
        { count: 1 },
      ),
      P(
        {
          hook: "operation-start",
          name: "branch-b",
          type: /context/i,
          subType: /branch/i,
          isReplay: false,
        },
        { count: 1 },
      ),
      P({ hook: "fn-start", name: "branch-a", isReplayingChildren: false }),
      P({ hook: "fn-start", name: "branch-b", isReplayingChildren: false }),
    ],
  },
];
