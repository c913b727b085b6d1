import {
  type BatchResult,
  type CompletionConfig,
  type DurableContext,
  NestingType,
} from "@aws/durable-execution-sdk-js";
import { durable, json } from "./helpers.js";
import type { ExpectedEvent, Requirement } from "./requirement.js";

/** Suite "map" (9-n): ctx.map, each item a MapIteration child context. */

const fails = async (): Promise<string> => {
  throw new Error("this item failed");
};
const around = (inner: ExpectedEvent[], n: number, name = ""): ExpectedEvent[] => [
  [`2 ContextStarted Map #m${name}`, { ContextStartedDetails: {} }],
  ...inner,
  [`${n} ContextSucceeded Map #m${name}`, { ContextSucceededDetails: "*" }],
];
/** Iterations that return directly, one after the other from event 3: payload, any, or failed. */
const iterations = (
  outcomes: ("failed" | string | RegExp | undefined)[],
  names?: string[],
): ExpectedEvent[] =>
  outcomes.flatMap((o, i): ExpectedEvent[] => {
    const n = 3 + 2 * i;
    const label = names ? ` name=${names[i]}` : "";
    return [
      [`${n} ContextStarted MapIteration #i${i} ^m${label}`, { ContextStartedDetails: {} }],
      o === "failed"
        ? [
            `${n + 1} ContextFailed MapIteration #i${i} ^m${label}`,
            { ContextFailedDetails: { Error: {} } },
          ]
        : [
            `${n + 1} ContextSucceeded MapIteration #i${i} ^m${label}`,
            { ContextSucceededDetails: o === undefined ? "*" : { Result: { Payload: o } } },
          ],
    ];
  });
const iterationWithStep = (n: number, i: number, payload: string): ExpectedEvent[] => [
  [`${n} ContextStarted MapIteration #i${i} ^m`, { ContextStartedDetails: {} }],
  [`${n + 1} StepStarted Step #s${i} ^i${i}`, { StepStartedDetails: {} }],
  [
    `${n + 2} StepSucceeded Step #s${i} ^i${i}`,
    { StepSucceededDetails: { Result: { Payload: payload } } },
  ],
  [
    `${n + 3} ContextSucceeded MapIteration #i${i} ^m`,
    { ContextSucceededDetails: { Result: { Payload: payload } } },
  ],
];
const wait1 = (n: number, parent = ""): ExpectedEvent[] => [
  [`${n} WaitStarted Wait #w${parent}`, { WaitStartedDetails: { Duration: 1 } }],
  [`${n + 2} WaitSucceeded Wait #w${parent}`, { WaitSucceededDetails: { Duration: 1 } }],
];
const summary = (r: BatchResult<unknown>, fields: string[]) =>
  Object.fromEntries(fields.map((f) => [f, (r as unknown as Record<string, unknown>)[f]]));

/** Items where "fail" fails and anything else is returned, one at a time, under `completionConfig`. */
const thresholds = (
  id: string,
  items: string[],
  completionConfig: CompletionConfig,
  result: Record<string, unknown>,
  outcomes: ("failed" | string | undefined)[],
): Requirement => ({
  id,
  handler: () =>
    durable(async (_event, ctx) =>
      summary(
        await ctx.map("map", items, async (_c, item) => (item === "fail" ? fails() : item), {
          maxConcurrency: 1,
          completionConfig,
        }),
        Object.keys(result),
      ),
    ),
  outcome: () => ({ status: "SUCCEEDED", result }),
  history: () => around(iterations(outcomes), 3 + 2 * outcomes.length),
});

const upper = async (_c: DurableContext, item: string) => item.toUpperCase();
const opSerdes = {
  serialize: async (r: BatchResult<string> | undefined) =>
    r === undefined ? undefined : `OPSERDE:${r.getResults().join(",")}`,
  deserialize: async (text: string | undefined) => {
    const results = (text ?? "").replace(/^OPSERDE:/, "").split(",");
    return { getResults: () => results } as unknown as BatchResult<string>;
  },
};

export const mapRequirements: Requirement[] = [
  {
    id: "9-1",
    input: () => ["World", "Ada"],
    handler: () =>
      durable(async (items: string[], ctx) =>
        (
          await ctx.map("map", items, async (c, item) => c.step(async () => `Hello, ${item}!`), {
            maxConcurrency: 1,
          })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["Hello, World!", "Hello, Ada!"] }),
    history: () =>
      around(
        [
          ...iterationWithStep(3, 0, json("Hello, World!")),
          ...iterationWithStep(7, 1, json("Hello, Ada!")),
        ],
        11,
      ),
  },
  {
    id: "9-2",
    input: () => [1, 2],
    handler: () =>
      durable(async (items: number[], ctx) =>
        (await ctx.map(items, async (_c, n) => n * 2, { maxConcurrency: 1 })).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: [2, 4] }),
    history: () => around(iterations(["2", "4"]), 7),
  },
  {
    id: "9-3",
    input: () => [10, 20, 30],
    handler: () =>
      durable(async (items: number[], ctx) =>
        (
          await ctx.map("map", items, async (_c, n, index) => n + index, { maxConcurrency: 1 })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: [10, 21, 32] }),
    history: () => around(iterations(["10", "21", "32"]), 9),
  },
  {
    id: "9-4",
    input: () => [],
    handler: () =>
      durable(async (items: number[], ctx) =>
        (await ctx.map("map", items, async (_c, n) => n)).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: [] }),
    history: () => around([], 3),
  },
  thresholds(
    "9-5",
    ["ok", "fail", "never"],
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
    id: "9-6",
    handler: () =>
      durable(async (_event, ctx) => {
        const r = await ctx.map(
          "map",
          ["fail", "never"],
          async (_c, item) => (item === "fail" ? fails() : item),
          {
            maxConcurrency: 1,
            completionConfig: { toleratedFailureCount: 0 },
          },
        );
        r.throwIfError();
        return r.getResults();
      }),
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ...around(iterations(["failed"]), 5),
      ["7 ExecutionFailed", { ExecutionFailedDetails: { Error: { Payload: { ErrorType: "*" } } } }],
    ],
  },
  thresholds(
    "9-7",
    ["a", "b", "c", "d"],
    { minSuccessful: 2 },
    { completionReason: "MIN_SUCCESSFUL_REACHED", successCount: 2, totalCount: 2 },
    [undefined, undefined],
  ),
  thresholds(
    "9-8",
    ["a", "fail", "c"],
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
    "9-9",
    ["fail", "fail", "c"],
    { toleratedFailureCount: 1 },
    {
      completionReason: "FAILURE_TOLERANCE_EXCEEDED",
      successCount: 0,
      failureCount: 2,
      totalCount: 2,
    },
    ["failed", "failed"],
  ),
  thresholds(
    "9-10",
    ["fail", "fail", "c", "d"],
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
    id: "9-11",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.map("map", ["r0", "r1", "r2"], async (_c, item) => item, { maxConcurrency: 2 })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["r0", "r1", "r2"] }),
    history: () => [["2 ContextStarted Map #m", { ContextStartedDetails: {} }]],
  },
  {
    id: "9-12",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.map("map", ["fa", "fb"], async (c, item) => c.step(async () => item), {
            maxConcurrency: 1,
            nesting: NestingType.FLAT,
          })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["fa", "fb"] }),
    history: () =>
      around(
        [
          ["3 StepStarted Step #s0 ^m", { StepStartedDetails: {} }],
          [
            "4 StepSucceeded Step #s0 ^m",
            { StepSucceededDetails: { Result: { Payload: json("fa") } } },
          ],
          ["5 StepStarted Step #s1 ^m", { StepStartedDetails: {} }],
          [
            "6 StepSucceeded Step #s1 ^m",
            { StepSucceededDetails: { Result: { Payload: json("fb") } } },
          ],
        ],
        7,
      ),
  },
  {
    id: "9-13",
    input: () => [1, 2],
    handler: () =>
      durable(async (items: number[], ctx) =>
        (
          await ctx.map("named-items", items, async (_c, n) => n * 10, {
            maxConcurrency: 1,
            itemNamer: (n) => `item-${n}`,
          })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: [10, 20] }),
    history: () => around(iterations(["10", "20"], ["item-1", "item-2"]), 7, " name=named-items"),
  },
  {
    id: "9-14",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.map("map", ["x", "y"], upper, {
            maxConcurrency: 1,
            itemSerdes: {
              serialize: async (v) => (v === undefined ? undefined : `wrapped:${v}`),
              deserialize: async (text) => text?.replace(/^wrapped:/, ""),
            },
          })
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["X", "Y"] }),
    history: () => around(iterations(["wrapped:X", "wrapped:Y"]), 7),
  },
  {
    id: "9-15",
    handler: () =>
      durable(async (_event, ctx) =>
        (
          await ctx.map(
            "map",
            [0, 1],
            async (c, i) => {
              if (i === 1) await c.wait({ seconds: 1 });
              return c.step(async () => `r${i}`);
            },
            { maxConcurrency: 1 },
          )
        ).getResults(),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: ["r0", "r1"] }),
    history: () =>
      around(
        [
          ...iterationWithStep(3, 0, json("r0")),
          ["7 ContextStarted MapIteration #i1 ^m", { ContextStartedDetails: {} }],
          ...wait1(8, " ^i1"),
          ["11 StepStarted Step #s1 ^i1", { StepStartedDetails: {} }],
          [
            "12 StepSucceeded Step #s1 ^i1",
            { StepSucceededDetails: { Result: { Payload: json("r1") } } },
          ],
          [
            "13 ContextSucceeded MapIteration #i1 ^m",
            { ContextSucceededDetails: { Result: { Payload: json("r1") } } },
          ],
        ],
        14,
      ),
  },
  {
    id: "9-16",
    handler: () =>
      durable(async (_event, ctx) => {
        const r = await ctx.map("map", [0, 1, 2, 3], async (_c, i) => String(i).repeat(70 * 1024), {
          maxConcurrency: 1,
        });
        return { successCount: r.successCount, totalCount: r.totalCount };
      }),
    outcome: () => ({ status: "SUCCEEDED", result: { successCount: 4, totalCount: 4 } }),
    history: () => around(iterations([undefined, undefined, undefined, undefined]), 11),
  },
  {
    id: "9-17",
    handler: () =>
      durable(async (_event, ctx) => {
        const r = await ctx.map("map", ["a", "b"], upper, { maxConcurrency: 1 });
        await ctx.wait({ seconds: 1 });
        return r.getResults();
      }),
    outcome: () => ({ status: "SUCCEEDED", result: ["A", "B"] }),
    history: () => [...around(iterations([json("A"), json("B")]), 7), ...wait1(8)],
  },
  {
    id: "9-18",
    handler: () =>
      durable(async (_event, ctx) => {
        const r = await ctx.map(
          "map",
          ["ok", "fail"],
          async (_c, item) => (item === "fail" ? fails() : item),
          {
            maxConcurrency: 1,
            completionConfig: { toleratedFailureCount: 1 },
          },
        );
        await ctx.wait({ seconds: 1 });
        return summary(r, [
          "completionReason",
          "status",
          "successCount",
          "failureCount",
          "totalCount",
        ]);
      }),
    outcome: () => ({
      status: "SUCCEEDED",
      result: {
        completionReason: "ALL_COMPLETED",
        status: "FAILED",
        successCount: 1,
        failureCount: 1,
        totalCount: 2,
      },
    }),
    history: () => [...around(iterations([json("ok"), "failed"]), 7), ...wait1(8)],
  },
  ...(["9-19", "9-20"] as const).map(
    (id): Requirement => ({
      id,
      handler: () =>
        durable(async (_event, ctx) => {
          const r = await ctx.map("map", ["x", "y"], upper, {
            maxConcurrency: 1,
            serdes: opSerdes,
          });
          if (id === "9-20") await ctx.wait({ seconds: 1 });
          return r.getResults();
        }),
      outcome: () => ({ status: "SUCCEEDED", result: ["X", "Y"] }),
      history: () => [
        ["2 ContextStarted Map #m", { ContextStartedDetails: {} }],
        ...iterations([undefined, undefined]),
        [
          "7 ContextSucceeded Map #m",
          { ContextSucceededDetails: { Result: { Payload: "OPSERDE:X,Y" } } },
        ],
        ...(id === "9-20" ? wait1(8) : []),
      ],
    }),
  ),
];
