/**
 * Benchmarks, one command: `pnpm bench` (add `-- --quick` for a short run). Prints a table per
 * benchmark and writes the figures as JSON under bench/results/. Never run as a test.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { printSection, type Section, writeResults } from "./report.js";
import { benchCallbackLatency } from "./runtime-callbacks.js";
import { benchConcurrentExecutions } from "./runtime-concurrency.js";
import { benchEcho } from "./runtime-echo.js";
import { benchExecutionList } from "./runtime-list.js";
import { benchOrderLike } from "./runtime-orders.js";
import { benchSequentialSteps } from "./runtime-steps.js";
import { benchSuspendedMemory } from "./runtime-suspended.js";
import { benchTimerLateness } from "./runtime-timers.js";
import { benchSdkCalls } from "./sdk-calls.js";
import { benchShopCost } from "./shop-cost.js";
import { benchShopHeap } from "./shop-heap.js";
import { benchShopLoad } from "./shop-load.js";
import { benchShopStart } from "./shop-start.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    // Shop clients: "sse" (default, as the web app) or "poll" (every 500 ms, the older driver).
    clients: { type: "string", default: "sse" },
    // cost, start: another build's stack entry point (e.g. an older commit's), measured the same way.
    "stack-main": { type: "string" },
    // cost: orders per second of the paced phase (default 50, the rate).
    "paced-rate": { type: "string", default: "50" },
    // cost: customers at once in the closed loop (default 60, as the trial). Each order
    // waits a 1 s pickup window, so N customers complete at most N orders/s whatever the CPU.
    customers: { type: "string", default: "60" },
    // sdk: another worktree whose SDK install and packages/data build run beside this one's.
    "sdk-other": { type: "string" },
    // heap: orders run before the first measurement (default 200, 100 with --quick);
    // cost: orders run before anything is counted (default 20).
    "warm-up": { type: "string" },
  },
});

const quick = values.quick ?? false;

/** A positive number (a whole one with `whole`) from an option, or exit naming the option. */
function positive(name: string, text: string | undefined, whole = false): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) {
    console.error(
      `--${name} takes a positive ${whole ? "whole " : ""}number, not ${JSON.stringify(text)}`,
    );
    process.exit(2);
  }
  return n;
}
const benches: Record<string, () => Promise<Section | Section[]>> = {
  steps: () =>
    benchSequentialSteps({
      sizes: quick ? [10, 100, 1000] : [10, 100, 1000, 10_000],
      officialMax: quick ? 100 : 1000,
      repeats: quick ? 7 : 11,
    }),
  echo: () => benchEcho({ sizes: quick ? [100, 1000] : [100, 1000, 3000], repeats: quick ? 5 : 9 }),
  callbacks: () => benchCallbackLatency(quick ? 100 : 500),
  list: () => benchExecutionList({ executions: quick ? 1000 : 10_000, repeats: quick ? 11 : 21 }),
  timers: () => benchTimerLateness(quick ? 50 : 200),
  concurrency: () => benchConcurrentExecutions(quick ? 20 : 100, quick ? 50 : 100),
  orders: () => benchOrderLike({ executions: quick ? 100 : 300, concurrency: 60, rounds: 3 }),
  suspended: () => benchSuspendedMemory(quick ? 1000 : 10_000),
  cost: () =>
    benchShopCost({
      orders: quick ? 100 : 300,
      concurrency: positive("customers", values.customers, true),
      pacedRate: positive("paced-rate", values["paced-rate"]),
      pacedOrders: quick ? 250 : 1000,
      warmUp: values["warm-up"] ? Number(values["warm-up"]) : 20,
      stackMain: values["stack-main"],
    }),
  start: () => benchShopStart({ rounds: quick ? 3 : 5, stackMain: values["stack-main"] }),
  heap: () =>
    benchShopHeap({
      warmUp: values["warm-up"] ? Number(values["warm-up"]) : quick ? 100 : 200,
      orders: quick ? 400 : 2000,
      concurrency: 60,
    }),
  sdk: () =>
    benchSdkCalls({
      calls: quick ? 400 : 1000,
      rounds: quick ? 10 : 20,
      concurrency: 8,
      other: values["sdk-other"],
    }),
  shop: () =>
    benchShopLoad({
      orders: quick ? 200 : 1000,
      concurrency: quick ? 100 : 250,
      deadlineSeconds: quick ? 60 : 180,
      clients: values.clients === "poll" ? "poll" : "sse",
    }),
};

const selected = values.only ? values.only.split(",") : Object.keys(benches);
const sections: Section[] = [];
for (const name of selected) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(", ")}`);
    process.exit(2);
  }
  console.error(`running ${name}...`);
  for (const section of [await bench()].flat()) {
    printSection(section);
    sections.push(section);
  }
}
const name =
  selected.length === 1 && ["shop", "cost", "heap", "start"].includes(selected[0] ?? "")
    ? selected[0]!
    : "runtime";
const file = writeResults(path.resolve(import.meta.dirname, "../results"), name, sections);
console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);
process.exit(0);
