import {
  type BatchResult,
  type CompletionConfig,
  type DurableContext,
  NestingType,
} from "@aws/durable-execution-sdk-js";
import { durable, json } from "./helpers.js";
import type { ExpectedEvent, Requirement } from "./requirement.js";

/** Suite "parallel" (8-n): ctx.parallel, branches as ParallelBranch child contexts. */

type Branch = (ctx: DurableContext) => Promise<unknown>;
const value =
  (v: unknown): Branch =>
  async () =>
    v;
const stepOf =
  (v: unknown): Branch =>
  async (ctx) =>
    ctx.step(async () => v);
const fails: Branch = async () => {
  throw new Error("this branch failed");
};

/** The parent context's events around `inner`, which starts at event 3. */
const around = (inner: ExpectedEvent[], n: number): ExpectedEvent[] => [
  ["2 ContextStarted Parallel #p", { ContextStartedDetails: {} }],
  ...inner,
  [`${n} ContextSucceeded Parallel #p`, { ContextSucceededDetails: "*" }],
];
/** One branch that returns directly, from event `n`: "ok" (with its payload, or any) or "failed". */
const branch = (
  n: number,
  ref: string,
  how: "ok" | "failed",
  payload?: string,
): ExpectedEvent[] => [
  [`${n} ContextStarted ParallelBranch #${ref} ^p`, { ContextStartedDetails: {} }],
  how === "ok"
    ? [
        `${n + 1} ContextSucceeded ParallelBranch #${ref} ^p`,
        { ContextSucceededDetails: payload === undefined ? "*" : { Result: { Payload: payload } } },
      ]
    : [`${n + 1} ContextFailed ParallelBranch #${ref} ^p`, { ContextFailedDetails: { Error: {} } }],
];
/** One branch with one step inside, from event `n`. */
const branchWithStep = (n: number, ref: string, payload: string, parent = "p"): ExpectedEvent[] => [
  [`${n} ContextStarted ParallelBranch #${ref} ^${parent}`, { ContextStartedDetails: {} }],
  [`${n + 1} StepStarted Step #${ref}s ^${ref}`, { StepStartedDetails: {} }],
  [
    `${n + 2} StepSucceeded Step #${ref}s ^${ref}`,
    { StepSucceededDetails: { Result: { Payload: payload } } },
  ],
  [`${n + 3} ContextSucceeded ParallelBranch #${ref} ^${parent}`, { ContextSucceededDetails: "*" }],
];
/** Branches that return directly, one after the other from event 3: ok (payload) or failed. */
const sequence = (outcomes: ("failed" | string | undefined)[]): ExpectedEvent[] =>
  outcomes.flatMap((o, i) =>
    branch(3 + 2 * i, `b${i}`, o === "failed" ? "failed" : "ok", o === "failed" ? undefined : o),
  );

const summary = (r: BatchResult<unknown>, fields: string[]) =>
  Object.fromEntries(fields.map((f) => [f, (r as unknown as Record<string, unknown>)[f]]));

/** A parallel of `branches` one at a time under `completionConfig`, answering `fields` of its result. */
const thresholds = (
  id: string,
  branches: Branch[],
  completionConfig: CompletionConfig,
  result: Record<string, unknown>,
  outcomes: ("failed" | string | undefined)[],
): Requirement => ({
  id,
  handler: () =>
    durable(async (_event, ctx) =>
      summary(
        await ctx.parallel("parallel", branches, { maxConcurrency: 1, completionConfig }),
        Object.keys(result),
      ),
    ),
  outcome: () => ({ status: "SUCCEEDED", result }),
  history: () => around(sequence(outcomes), 3 + 2 * outcomes.length),
});

export const parallelRequirements: Requirement[] = [
  {
    id: "8-1",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.parallel("parallel", [stepOf("task-1"), stepOf("task-2")], {
            maxConcurrency: 1,
          })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["task-1", "task-2"] }),
    history: () =>
      around(
        [...branchWithStep(3, "b0", json("task-1")), ...branchWithStep(7, "b1", json("task-2"))],
        11,
      ),
  },
  {
    id: "8-2",
    handler: () =>
      durable(async (_event, ctx) =>
        (await ctx.parallel([value("alpha"), value("beta")], { maxConcurrency: 1 })).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["alpha", "beta"] }),
    history: () => around(sequence([json("alpha"), json("beta")]), 7),
  },
  {
    id: "8-3",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.parallel(
            "named",
            [
              { name: "first", func: value("one") },
              { name: "second", func: value("two") },
            ],
            { maxConcurrency: 1 },
          )
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["one", "two"] }),
    history: () => around(sequence([json("one"), json("two")]), 7),
  },
  {
    id: "8-4",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.parallel<unknown>("mixed", [value("hello"), value(42), value({ k: "v" })], {
            maxConcurrency: 1,
          })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["hello", 42, { k: "v" }] }),
    history: () => around(sequence([json("hello"), "42", undefined]), 9),
  },
  {
    id: "8-5",
    handler: () => durable(async (_event, ctx) => (await ctx.parallel("empty", [])).getResults()),
    outcome: () => ({ status: "SUCCEEDED", result: [] }),
    history: () => around([], 3),
  },
  thresholds(
    "8-6",
    [value("ok"), fails, value("never")],
    { toleratedFailureCount: 0 },
    {
      completionReason: "FAILURE_TOLERANCE_EXCEEDED",
      status: "FAILED",
      successCount: 1,
      failureCount: 1,
      totalCount: 2,
    },
    [json("ok"), "failed"],
  ),
  {
    id: "8-7",
    handler: () =>
      durable(async (_event, ctx) => {
        const result = await ctx.parallel("parallel", [fails, value("never")], {
          maxConcurrency: 1,
          completionConfig: { toleratedFailureCount: 0 },
        });
        result.throwIfError();
        return result.getResults();
      }),
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ...around(sequence(["failed"]), 5),
      ["7 ExecutionFailed", { ExecutionFailedDetails: { Error: { Payload: { ErrorType: "*" } } } }],
    ],
  },
  thresholds(
    "8-8",
    [value("a"), value("b"), value("c"), value("d")],
    { minSuccessful: 2 },
    { completionReason: "MIN_SUCCESSFUL_REACHED", successCount: 2, totalCount: 2 },
    [undefined, undefined],
  ),
  thresholds(
    "8-9",
    [value("a"), fails, value("c")],
    { toleratedFailureCount: 1 },
    {
      completionReason: "ALL_COMPLETED",
      status: "FAILED",
      successCount: 2,
      failureCount: 1,
      totalCount: 3,
    },
    [undefined, "failed", undefined],
  ),
  thresholds(
    "8-10",
    [fails, fails, value("c")],
    { toleratedFailureCount: 1 },
    {
      completionReason: "FAILURE_TOLERANCE_EXCEEDED",
      successCount: 0,
      failureCount: 2,
      totalCount: 2,
    },
    ["failed", "failed"],
  ),
  {
    id: "8-11",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.parallel("concurrent", [value("r0"), value("r1"), value("r2")], {
            maxConcurrency: 2,
          })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["r0", "r1", "r2"] }),
    history: () => [["2 ContextStarted Parallel #p", { ContextStartedDetails: {} }]],
  },
  {
    id: "8-12",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.parallel("flat", [stepOf("fa"), stepOf("fb")], {
            maxConcurrency: 1,
            nesting: NestingType.FLAT,
          })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["fa", "fb"] }),
    history: () =>
      around(
        [
          ["3 StepStarted Step #s1 ^p", { StepStartedDetails: {} }],
          [
            "4 StepSucceeded Step #s1 ^p",
            { StepSucceededDetails: { Result: { Payload: json("fa") } } },
          ],
          ["5 StepStarted Step #s2 ^p", { StepStartedDetails: {} }],
          [
            "6 StepSucceeded Step #s2 ^p",
            { StepSucceededDetails: { Result: { Payload: json("fb") } } },
          ],
        ],
        7,
      ),
  },
  thresholds(
    "8-13",
    [fails, fails, value("c"), value("d")],
    { toleratedFailurePercentage: 25 },
    {
      completionReason: "FAILURE_TOLERANCE_EXCEEDED",
      successCount: 0,
      failureCount: 2,
      totalCount: 2,
    },
    ["failed", "failed"],
  ),
  {
    id: "8-14",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.parallel(
            "resumes",
            [
              stepOf("b0"),
              async (c: DurableContext) => {
                await c.wait({ seconds: 2 });
                return "b1";
              },
            ],
            { maxConcurrency: 1 },
          )
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["b0", "b1"] }),
    history: () => [
      ["2 ContextStarted Parallel #p", { ContextStartedDetails: {} }],
      ...branchWithStep(3, "b0", json("b0")),
      ["7 ContextStarted ParallelBranch #b1 ^p", { ContextStartedDetails: {} }],
      ["8 WaitStarted Wait #w ^b1", { WaitStartedDetails: { Duration: 2 } }],
      ["10 WaitSucceeded Wait #w ^b1", { WaitSucceededDetails: { Duration: 2 } }],
      [
        "11 ContextSucceeded ParallelBranch #b1 ^p",
        { ContextSucceededDetails: { Result: { Payload: json("b1") } } },
      ],
      ["12 ContextSucceeded Parallel #p", { ContextSucceededDetails: "*" }],
      ["14 ExecutionSucceeded", { ExecutionSucceededDetails: { Result: "*" } }],
    ],
  },
  {
    id: "8-15",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.parallel<string>(
            "wrapped",
            [value("x") as () => Promise<string>, value("y") as () => Promise<string>],
            {
              maxConcurrency: 1,
              itemSerdes: {
                serialize: async (v) => (v === undefined ? undefined : json({ wrapped: v })),
                deserialize: async (text) =>
                  text === undefined
                    ? undefined
                    : (JSON.parse(text) as { wrapped: string }).wrapped,
              },
            },
          )
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["x", "y"] }),
    history: () =>
      around(
        [
          ...branch(3, "b0", "ok").slice(0, 1),
          [
            "4 ContextSucceeded ParallelBranch #b0 ^p",
            { ContextSucceededDetails: { Result: { Payload: /wrapped/ } } },
          ],
          ...branch(5, "b1", "ok").slice(0, 1),
          [
            "6 ContextSucceeded ParallelBranch #b1 ^p",
            { ContextSucceededDetails: { Result: { Payload: /wrapped/ } } },
          ],
        ],
        7,
      ),
  },
  thresholds(
    "8-16",
    [fails, fails, fails],
    { toleratedFailureCount: 3 },
    {
      completionReason: "ALL_COMPLETED",
      status: "FAILED",
      successCount: 0,
      failureCount: 3,
      totalCount: 3,
    },
    ["failed", "failed", "failed"],
  ),
  thresholds(
    "8-17",
    [value("a"), fails, value("c")],
    { minSuccessful: 3 },
    {
      completionReason: "ALL_COMPLETED",
      status: "FAILED",
      successCount: 2,
      failureCount: 1,
      totalCount: 3,
    },
    [undefined, "failed", undefined],
  ),
  thresholds(
    "8-18",
    [fails, fails, value("c"), value("d")],
    { minSuccessful: 3, toleratedFailureCount: 1 },
    {
      completionReason: "FAILURE_TOLERANCE_EXCEEDED",
      successCount: 0,
      failureCount: 2,
      totalCount: 2,
    },
    ["failed", "failed"],
  ),
  {
    id: "8-19",
    handler: () =>
      durable(async (_event, ctx) =>
        (await ctx.parallel("invalid", [value(1), value(2)], { maxConcurrency: 0 })).getResults(),
      ),
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ["3 ExecutionFailed", { ExecutionFailedDetails: { Error: { Payload: { ErrorType: "*" } } } }],
    ],
  },
  {
    id: "8-20",
    handler: () =>
      durable(async (_event, ctx) => {
        const r = await ctx.parallel("accessors", [value("a"), fails, value("c")], {
          maxConcurrency: 1,
          completionConfig: { toleratedFailureCount: 1 },
        });
        return {
          hasFailure: r.hasFailure,
          successCount: r.succeeded().length,
          failureCount: r.failed().length,
          errorCount: r.getErrors().length,
        };
      }),
    outcome: () => ({
      status: "SUCCEEDED",
      result: { hasFailure: true, successCount: 2, failureCount: 1, errorCount: 1 },
    }),
    history: () => around(sequence([undefined, "failed", undefined]), 9),
  },
  {
    id: "8-21",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.parallel(
            "outer",
            [
              async (branchCtx: DurableContext) =>
                (
                  await branchCtx.parallel("inner", [stepOf("i1"), stepOf("i2")], {
                    maxConcurrency: 1,
                  })
                ).getResults(),
            ],
            { maxConcurrency: 1 },
          )
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: [["i1", "i2"]] }),
    history: () => [
      ["2 ContextStarted Parallel #p", { ContextStartedDetails: {} }],
      ["3 ContextStarted ParallelBranch #ba ^p", { ContextStartedDetails: {} }],
      ["4 ContextStarted Parallel #pi ^ba", { ContextStartedDetails: {} }],
      ...branchWithStep(5, "i1", json("i1"), "pi"),
      ...branchWithStep(9, "i2", json("i2"), "pi"),
      ["13 ContextSucceeded Parallel #pi ^ba", { ContextSucceededDetails: "*" }],
      ["14 ContextSucceeded ParallelBranch #ba ^p", { ContextSucceededDetails: "*" }],
      ["15 ContextSucceeded Parallel #p", { ContextSucceededDetails: "*" }],
    ],
  },
  thresholds(
    "8-22",
    [fails, value("b"), value("c"), value("d")],
    { toleratedFailurePercentage: 25 },
    {
      completionReason: "ALL_COMPLETED",
      status: "FAILED",
      successCount: 3,
      failureCount: 1,
      totalCount: 4,
    },
    ["failed", undefined, undefined, undefined],
  ),
];
