import { done, durable, json } from "./helpers.js";
import type { ExpectedEvent, Requirement } from "./requirement.js";

/** Suite "wait_for_condition" (6-n): waitForCondition, one StepStarted/StepSucceeded per check. */

/** The events of a poll's checks from event `n`: each continuing check is followed by its suspension. */
function checks(
  n: number,
  ref: string,
  states: (string | undefined)[],
  last: "succeeded" | "failed" = "succeeded",
  name?: string,
) {
  const label = name ? ` name=${name}` : "";
  const out: ExpectedEvent[] = [];
  for (const [i, state] of states.entries()) {
    const final = i === states.length - 1;
    out.push([`${n} StepStarted WaitForCondition #${ref}${label}`, { StepStartedDetails: {} }]);
    if (final && last === "failed") {
      out.push([
        `${n + 1} StepFailed WaitForCondition #${ref}${label}`,
        { StepFailedDetails: { Error: "*" } },
      ]);
    } else {
      out.push([
        `${n + 1} StepSucceeded WaitForCondition #${ref}${label}`,
        { StepSucceededDetails: state === undefined ? "*" : { Result: { Payload: state } } },
      ]);
    }
    if (!final) out.push(done(n + 2));
    n += final ? 2 : 3;
  }
  return out;
}
const succeeded = (n: number, result?: unknown): ExpectedEvent => [
  `${n} ExecutionSucceeded`,
  { ExecutionSucceededDetails: result === undefined ? "*" : { Result: { Payload: json(result) } } },
];
const failed = (n: number): ExpectedEvent => [
  `${n} ExecutionFailed`,
  { ExecutionFailedDetails: { Error: "*" } },
];
const untilAtLeast =
  (target: number, seconds = 1) =>
  (state: number) =>
    state >= target
      ? { shouldContinue: false as const }
      : { shouldContinue: true as const, delay: { seconds } };
const increment = async (state: number) => state + 1;

export const waitForConditionRequirements: Requirement[] = [
  {
    id: "6-1",
    input: () => 3,
    handler: () =>
      durable(async (target: number, ctx) =>
        ctx.waitForCondition(increment, { initialState: 0, waitStrategy: untilAtLeast(target) }),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: 3 }),
    history: () => [...checks(2, "p", ["1", "2", "3"]), succeeded(11, 3)],
  },
  {
    id: "6-2",
    input: () => 5,
    handler: () =>
      durable(async (target: number, ctx) =>
        ctx.waitForCondition(async (state: number) => state, {
          initialState: 5,
          waitStrategy: untilAtLeast(target),
        }),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: 5 }),
    history: () => [...checks(2, "p", ["5"]), succeeded(5, 5)],
  },
  {
    id: "6-3",
    input: () => 2,
    handler: () =>
      durable(async (target: number, ctx) =>
        ctx.waitForCondition("poll-status", increment, {
          initialState: 0,
          waitStrategy: untilAtLeast(target),
        }),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: 2 }),
    history: () => [...checks(2, "p", ["1", "2"], "succeeded", "poll-status"), succeeded(8, 2)],
  },
  {
    id: "6-4",
    input: () => 8,
    handler: () =>
      durable(async (target: number, ctx) =>
        ctx.waitForCondition(increment, { initialState: 5, waitStrategy: untilAtLeast(target) }),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: 8 }),
    history: () => [...checks(2, "p", ["6", "7", "8"]), succeeded(11, 8)],
  },
  {
    id: "6-5",
    input: () => 3,
    handler: () =>
      durable(async (target: number, ctx) =>
        ctx.waitForCondition(increment, { initialState: 0, waitStrategy: untilAtLeast(target, 2) }),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: 3 }),
    history: () => {
      const events = checks(2, "p", ["1", "2", "3"]);
      for (const i of [1, 4]) {
        const [header] = events[i]!;
        events[i] = [
          header,
          {
            StepSucceededDetails: {
              Result: { Payload: i === 1 ? "1" : "2" },
              RetryDetails: { NextAttemptDelaySeconds: 2 },
            },
          },
        ];
      }
      return [...events, succeeded(11, 3)];
    },
  },
  {
    id: "6-6",
    input: () => 0,
    handler: () =>
      durable(async (_event: number, ctx) =>
        ctx.waitForCondition(increment, {
          initialState: 0,
          waitStrategy: (_state: number, attempt: number) => {
            if (attempt >= 3) throw new Error("gave up after 3 checks");
            return { shouldContinue: true, delay: { seconds: 1 } };
          },
        }),
      ),
    outcome: () => ({ status: "FAILED" }),
    history: () => [...checks(2, "p", [undefined, undefined, undefined], "failed"), failed(11)],
  },
  ...(["6-7", "6-8"] as const).map(
    (id): Requirement => ({
      id,
      handler: () =>
        durable(async (_event, ctx) => {
          try {
            return await ctx.waitForCondition(
              async (): Promise<number> => {
                throw new Error("the sensor is offline");
              },
              { initialState: 0, waitStrategy: untilAtLeast(1) },
            );
          } catch (error) {
            if (id === "6-7") throw error;
            return "recovered";
          }
        }),
      outcome: () =>
        id === "6-7" ? { status: "FAILED" } : { status: "SUCCEEDED", result: "recovered" },
      history: () => [
        ...checks(2, "p", [undefined], "failed"),
        id === "6-7" ? failed(5) : succeeded(5, "recovered"),
      ],
    }),
  ),
  {
    id: "6-9",
    handler: () =>
      durable(async (_event, ctx) =>
        ctx.waitForCondition(
          async (state: { status: string; attempts: number }) => {
            const attempts = state.attempts + 1;
            return { status: attempts >= 2 ? "DONE" : "PENDING", attempts };
          },
          {
            initialState: { status: "PENDING", attempts: 0 },
            waitStrategy: (state) =>
              state.status === "DONE"
                ? { shouldContinue: false }
                : { shouldContinue: true, delay: { seconds: 1 } },
          },
        ),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: { status: "DONE", attempts: 2 } }),
    history: () => [
      ...checks(2, "p", [undefined, undefined]),
      ["8 ExecutionSucceeded", { ExecutionSucceededDetails: { Result: "*" } }],
    ],
  },
  {
    id: "6-10",
    handler: () =>
      durable(async (_event, ctx) =>
        ctx.waitForCondition(async () => null, {
          initialState: null,
          waitStrategy: () => ({ shouldContinue: false }),
        }),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: null }),
    history: () => [...checks(2, "p", [undefined]), succeeded(5)],
  },
  {
    id: "6-11",
    handler: () =>
      durable(async (_event, ctx) =>
        ctx.waitForCondition(async (state: string) => `${state}x`, {
          initialState: "",
          waitStrategy: (state) =>
            state.length >= 2
              ? { shouldContinue: false }
              : { shouldContinue: true, delay: { seconds: 1 } },
          serdes: {
            serialize: async (value) => (value === undefined ? undefined : `encoded:${value}`),
            deserialize: async (text) => text?.replace(/^encoded:/, ""),
          },
        }),
      ),
    outcome: () => ({ status: "SUCCEEDED", result: "xx" }),
    history: () => [...checks(2, "p", [undefined, undefined]), succeeded(8)],
  },
  {
    id: "6-12",
    input: () => 2,
    handler: () =>
      durable(async (target: number, ctx) => {
        const final = await ctx.waitForCondition(increment, {
          initialState: 0,
          waitStrategy: untilAtLeast(target),
        });
        return ctx.step(async () => final * 10);
      }),
    outcome: () => ({ status: "SUCCEEDED", result: 20 }),
    history: () => [
      ...checks(2, "p", ["1", "2"]),
      ["7 StepStarted Step #s", { StepStartedDetails: {} }],
      ["8 StepSucceeded Step #s", { StepSucceededDetails: { Result: { Payload: "20" } } }],
      succeeded(10, 20),
    ],
  },
  {
    id: "6-13",
    handler: () =>
      durable(async (_event, ctx) => {
        const first = await ctx.waitForCondition(increment, {
          initialState: 0,
          waitStrategy: untilAtLeast(2),
        });
        return ctx.waitForCondition(increment, {
          initialState: first,
          waitStrategy: untilAtLeast(4),
        });
      }),
    outcome: () => ({ status: "SUCCEEDED", result: 4 }),
    history: () => [...checks(2, "a", ["1", "2"]), ...checks(7, "b", ["3", "4"]), succeeded(13, 4)],
  },
];
