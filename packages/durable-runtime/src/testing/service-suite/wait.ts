import { done, durable } from "./helpers.js";
import type { ExpectedEvent, Requirement } from "./requirement.js";

/** Suite "wait" (2-n): durable waits; long ones run on the runner's manual clock. */

const waitEvents = (
  first: number,
  ref: number,
  seconds: number,
  name?: string,
): [ExpectedEvent, ExpectedEvent] => {
  const label = name ? ` name=${name}` : "";
  return [
    [`${first} WaitStarted Wait #${ref}${label}`, { WaitStartedDetails: { Duration: seconds } }],
    [
      `${first + 2} WaitSucceeded Wait #${ref}${label}`,
      { WaitSucceededDetails: { Duration: seconds } },
    ],
  ];
};

export const waitRequirements: Requirement[] = [
  {
    id: "2-1",
    handler: () => durable(async (_event, ctx) => ctx.wait({ seconds: 2 })),
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => {
      const [start, end] = waitEvents(2, 1, 2);
      return [start, done(3), end, done(5)];
    },
  },
  {
    id: "2-2",
    handler: () => durable(async (_event, ctx) => ctx.wait("custom_wait_name", { seconds: 2 })),
    outcome: () => ({ status: "SUCCEEDED" }),
    history: () => {
      const [start, end] = waitEvents(2, 1, 2, "custom_wait_name");
      return [start, done(3), end, done(5)];
    },
  },
  {
    id: "2-3",
    handler: () =>
      durable(async (_event, ctx) => {
        await ctx.wait("wait-1", { seconds: 2 });
        await ctx.wait("wait-2", { seconds: 2 });
        return { completedWaits: 2 };
      }),
    outcome: () => ({ status: "SUCCEEDED", result: { completedWaits: 2 } }),
    history: () => {
      const [start1, end1] = waitEvents(2, 1, 2, "wait-1");
      const [start2, end2] = waitEvents(5, 2, 2, "wait-2");
      return [start1, done(3), end1, start2, done(6), end2, done(8)];
    },
  },
  {
    // No outcome: the history up to the suspension decides (the wait is a minute long).
    id: "2-4",
    handler: () => durable(async (_event, ctx) => ctx.wait({ minutes: 1 })),
    history: () => [waitEvents(2, 1, 60)[0], done(3)],
  },
  {
    id: "2-5",
    handler: () => durable(async (_event, ctx) => ctx.wait({ hours: 1 })),
    history: () => [waitEvents(2, 1, 3600)[0], done(3)],
  },
];
