import { createRetryStrategy, JitterStrategy, retryPresets } from "@aws/durable-execution-sdk-js";
import { anyError, done, durable } from "./helpers.js";
import type { ExpectedEvent, NotCheckable, Requirement } from "./requirement.js";

/** Suite "step" (1-n): our handlers and our reading of what the service records. */

const stepPair = (first: number, ref: number, name?: string): ExpectedEvent[] => [
  [`${first} StepStarted Step #${ref}${name ? ` name=${name}` : ""}`],
  [`${first + 1} StepSucceeded Step #${ref}${name ? ` name=${name}` : ""}`],
];
const failedWith = (attempt: number, delay?: unknown) => ({
  StepFailedDetails: {
    Error: { Payload: {} },
    RetryDetails:
      delay === undefined
        ? { CurrentAttempt: attempt }
        : { CurrentAttempt: attempt, NextAttemptDelaySeconds: delay },
  },
});
const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

class TransientError extends Error {
  override name = "TransientError";
}

/** A function that throws for its first `failures` calls, then answers `value`. */
const failingFirst = (failures: number, value: unknown, error = () => new Error("not yet")) => {
  let calls = 0;
  return async () => {
    calls++;
    if (calls <= failures) throw error();
    return value;
  };
};

export const stepRequirements: Requirement[] = [
  {
    id: "1-1",
    handler: () => durable(async (event: string, ctx) => ctx.step(async () => `Hello, ${event}!`)),
    input: () => "World",
    outcome: () => ({ status: "SUCCEEDED", result: "Hello, World!" }),
    history: () => [...stepPair(2, 1), done(4)],
  },
  {
    id: "1-2",
    handler: () =>
      durable(async (event: string, ctx) =>
        ctx.step("custom_step_name", async () => `Hello, ${event}!`),
      ),
    input: () => "World",
    outcome: () => ({ status: "SUCCEEDED", result: "Hello, World!" }),
    history: () => [...stepPair(2, 1, "custom_step_name"), done(4)],
  },
  {
    id: "1-3",
    handler: () =>
      durable(async (_event, ctx) => {
        const one = await ctx.step(async () => "first");
        return ctx.step(async () => `${one}_second`);
      }),
    outcome: () => ({ status: "SUCCEEDED", result: "first_second" }),
    history: () => [...stepPair(2, 1), ...stepPair(4, 2), done(6)],
  },
  {
    id: "1-4",
    handler: () =>
      durable(async (event: { name: string; tags: string[] }, ctx) =>
        ctx.step(async () => ({
          user: { name: event.name, tags: event.tags },
          count: event.tags.length,
        })),
      ),
    input: () => ({ name: "Ada", tags: ["owner", "barista"] }),
    outcome: () => ({
      status: "SUCCEEDED",
      result: { user: { name: "Ada", tags: ["owner", "barista"] }, count: 2 },
    }),
    history: () => [...stepPair(2, 1), done(4)],
  },
  {
    id: "1-5",
    handler: () => durable(async (_event, ctx) => ctx.step(async () => null)),
    outcome: () => ({ status: "SUCCEEDED", result: null }),
    history: () => [...stepPair(2, 1), done(4)],
  },
  {
    id: "1-6",
    handler: () =>
      durable(async (event: string, ctx) =>
        ctx.step(async () => event, {
          serdes: {
            serialize: async (value) =>
              value === undefined ? undefined : JSON.stringify(value.toUpperCase()),
            deserialize: async (data) =>
              data === undefined ? undefined : (JSON.parse(data) as string),
          },
        }),
      ),
    input: () => "shout this",
    outcome: () => ({ status: "SUCCEEDED", result: "SHOUT THIS" }),
    history: () => [...stepPair(2, 1), done(4)],
  },
  {
    id: "1-7",
    vars: ["who"],
    handler: () =>
      durable(async (event: string, ctx) =>
        ctx.step(async (step) => {
          step.logger.info(`about to greet ${event}`);
          const greeting = `Hello, ${event}!`;
          step.logger.info(`greeted with ${greeting}`);
          return greeting;
        }),
      ),
    input: (v) => v.who,
    outcome: (v) => ({ status: "SUCCEEDED", result: `Hello, ${v.who}!` }),
    history: () => [...stepPair(2, 1), done(4)],
    unchecked: "the log records the step's logger writes go to CloudWatch Logs on the service",
  },
  {
    id: "1-8",
    handler: () =>
      durable(async (_event, ctx) => {
        const value = await ctx.step(async () => "computed");
        await ctx.wait({ seconds: 2 });
        return value;
      }),
    outcome: () => ({ status: "SUCCEEDED", result: "computed" }),
    history: () => [
      ...stepPair(2, 1),
      ["4 WaitStarted Wait #2", { WaitStartedDetails: { Duration: 2 } }],
      done(5),
      ["6 WaitSucceeded Wait #2", { WaitSucceededDetails: { Duration: 2 } }],
      done(7),
    ],
  },
  {
    id: "1-9",
    handler: () => {
      let runs = 0;
      return durable(async (_event, ctx) => {
        const value = await ctx.step(async () => {
          runs++;
          return runs === 1 ? "cached_value" : "ran twice";
        });
        await ctx.wait({ seconds: 1 });
        return value;
      });
    },
    outcome: () => ({ status: "SUCCEEDED", result: "cached_value" }),
    history: () => [
      ...stepPair(2, 1),
      ["4 WaitStarted Wait #2", { WaitStartedDetails: { Duration: 1 } }],
      done(5),
      ["6 WaitSucceeded Wait #2", { WaitSucceededDetails: { Duration: 1 } }],
      done(7),
    ],
  },
  {
    id: "1-10",
    handler: () => {
      let runs = 0;
      return durable(async (_event, ctx) => {
        let caught = "";
        try {
          await ctx.step(async () => {
            runs++;
            throw new Error(`failure number ${runs}`);
          }, noRetry);
        } catch (error) {
          caught = (error as Error).message;
        }
        await ctx.wait({ seconds: 1 });
        return caught;
      });
    },
    outcome: () => ({ status: "SUCCEEDED", result: "failure number 1" }),
    history: () => [
      ["2 StepStarted Step #1"],
      ["3 StepFailed Step #1", { StepFailedDetails: anyError }],
      ["4 WaitStarted Wait #2", { WaitStartedDetails: { Duration: 1 } }],
      done(5),
      ["6 WaitSucceeded Wait #2", { WaitSucceededDetails: { Duration: 1 } }],
      done(7),
    ],
  },
  {
    id: "1-11",
    handler: () => {
      const attempt = failingFirst(1, "Operation succeeded");
      return durable(async (_event, ctx) =>
        ctx.step(attempt, {
          retryStrategy: (_error, attempts) => ({
            shouldRetry: attempts < 3,
            delay: { seconds: 1 },
          }),
        }),
      );
    },
    outcome: () => ({ status: "SUCCEEDED", result: "Operation succeeded" }),
    history: () => [
      ["2 StepStarted Step #1"],
      [
        "3 StepFailed Step #1",
        {
          StepFailedDetails: {
            Error: {},
            RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: "*" },
          },
        },
      ],
      done(4),
      ["5 StepStarted Step #1"],
      [
        "6 StepSucceeded Step #1",
        { StepSucceededDetails: { Result: {}, RetryDetails: { CurrentAttempt: 2 } } },
      ],
      done(7),
    ],
  },
  {
    id: "1-12",
    handler: () => {
      const attempt = failingFirst(99, "never");
      return durable(async (_event, ctx) =>
        ctx.step(attempt, {
          retryStrategy: createRetryStrategy({
            maxAttempts: 4,
            initialDelay: { seconds: 1 },
            backoffRate: 1,
            jitter: JitterStrategy.NONE,
          }),
        }),
      );
    },
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ["2 StepStarted Step #1"],
      ["3 StepFailed Step #1", failedWith(1, 1)],
      done(4),
      ["5 StepStarted Step #1"],
      ["6 StepFailed Step #1", failedWith(2, 1)],
      done(7),
      ["8 StepStarted Step #1"],
      ["9 StepFailed Step #1", failedWith(3, 1)],
      done(10),
      ["11 StepStarted Step #1"],
      ["12 StepFailed Step #1", failedWith(4)],
    ],
  },
  {
    id: "1-13",
    handler: () => {
      const attempt = failingFirst(2, "third time lucky");
      return durable(async (_event, ctx) => ctx.step(attempt));
    },
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => [
      ["2 StepStarted Step #1"],
      ["3 StepFailed Step #1", failedWith(1, /^[0-5]$/)],
      done(4),
      ["5 StepStarted Step #1"],
      ["6 StepFailed Step #1", failedWith(2, /^([0-9]|10)$/)],
      done(7),
      ["8 StepStarted Step #1"],
      [
        "9 StepSucceeded Step #1",
        { StepSucceededDetails: { Result: {}, RetryDetails: { CurrentAttempt: 3 } } },
      ],
      done(10),
    ],
  },
  {
    id: "1-14",
    handler: () => {
      const attempt = failingFirst(2, "third time lucky");
      return durable(async (_event, ctx) =>
        ctx.step(attempt, {
          retryStrategy: createRetryStrategy({
            maxAttempts: 5,
            initialDelay: { seconds: 2 },
            backoffRate: 3,
            jitter: JitterStrategy.NONE,
          }),
        }),
      );
    },
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => [
      ["2 StepStarted Step #1"],
      ["3 StepFailed Step #1", failedWith(1, 2)],
      done(4),
      ["5 StepStarted Step #1"],
      ["6 StepFailed Step #1", failedWith(2, 6)],
      done(7),
      ["8 StepStarted Step #1"],
      [
        "9 StepSucceeded Step #1",
        { StepSucceededDetails: { Result: {}, RetryDetails: { CurrentAttempt: 3 } } },
      ],
      done(10),
    ],
  },
  {
    id: "1-15",
    handler: () => {
      const attempt = failingFirst(1, "recovered", () => new TransientError("flaky network"));
      return durable(async (_event, ctx) =>
        ctx.step(attempt, {
          retryStrategy: (error) =>
            error instanceof TransientError || error.name === "TransientError"
              ? { shouldRetry: true, delay: { seconds: 1 } }
              : { shouldRetry: false },
        }),
      );
    },
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => [
      ["2 StepStarted Step #1"],
      [
        "3 StepFailed Step #1",
        {
          StepFailedDetails: {
            Error: { Payload: { ErrorType: /TransientError$/, ErrorMessage: "*" } },
            RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 1 },
          },
        },
      ],
      done(4),
      ["5 StepStarted Step #1"],
      [
        "6 StepSucceeded Step #1",
        { StepSucceededDetails: { RetryDetails: { CurrentAttempt: 2 } } },
      ],
      done(7),
    ],
  },
  {
    id: "1-16",
    handler: () => {
      const attempt = failingFirst(1, "recovered", () => new TransientError("flaky network"));
      return durable(async (_event, ctx) =>
        ctx.step(attempt, {
          retryStrategy: (error) =>
            error.name === "TransientError" ? { shouldRetry: false } : { shouldRetry: true },
        }),
      );
    },
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ["2 StepStarted Step #1"],
      [
        "3 StepFailed Step #1",
        {
          StepFailedDetails: {
            Error: { Payload: { ErrorType: /TransientError$/, ErrorMessage: "*" } },
          },
        },
      ],
      done(4),
    ],
  },
  {
    id: "1-19",
    handler: () => {
      const attempt = failingFirst(99, "never");
      return durable(async (_event, ctx) =>
        ctx.step(attempt, { retryStrategy: retryPresets.noRetry }),
      );
    },
    outcome: () => ({ status: "FAILED" }),
    history: () => [
      ["2 StepStarted Step #1"],
      ["3 StepFailed Step #1", { StepFailedDetails: anyError }],
      done(4),
    ],
  },
  {
    id: "1-20",
    handler: () =>
      durable(async (_event, ctx) => {
        let fallback = "";
        try {
          await ctx.step(failingFirst(99, "never"), noRetry);
        } catch {
          fallback = "fallback";
        }
        return ctx.step(async () => `${fallback}_result`);
      }),
    outcome: () => ({ status: "SUCCEEDED", result: "fallback_result" }),
    history: () => [
      ["2 StepStarted Step #1"],
      ["3 StepFailed Step #1", { StepFailedDetails: anyError }],
      ...stepPair(4, 2),
      done(6),
    ],
  },
];

export const stepNotCheckable: NotCheckable[] = [
  {
    id: "1-17",
    why: "the step ends the Lambda process (process.exit) to show Runtime.ExitError; handlers run in the runtime's own process here",
  },
  {
    id: "1-18",
    why: "the step ends the Lambda process (process.exit) on its first attempt; handlers run in the runtime's own process here",
  },
];
