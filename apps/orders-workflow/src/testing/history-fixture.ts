/**
 * Operation histories as reviewed fixtures (like the official SDK's `*.history.json`): events
 * normalized to what must not change (types, names, subtypes, durations, the outcome), with
 * ids, timestamps and invocation boundaries left out. `UPDATE_FIXTURES=1` rewrites the files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Event } from "@coffee/durable-runtime";
import { expect } from "vitest";

export interface NormalizedEvent {
  type: string;
  name?: string;
  subType?: string;
  /** Name of the enclosing operation, to show nesting. */
  parent?: string;
  /** WaitStarted: seconds; CallbackStarted: timeout seconds. */
  seconds?: number;
  /** ExecutionSucceeded: the outcome without its order id. */
  result?: unknown;
  /** Failed or timed-out operations: the error type. */
  error?: string;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "__fixtures__");

function errorTypeOf(event: Event): string | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith("Details") || value === null || typeof value !== "object") continue;
    const error = (value as { Error?: { Payload?: { ErrorType?: string } } }).Error;
    if (error?.Payload?.ErrorType) return error.Payload.ErrorType;
  }
  return undefined;
}

/**
 * Parallel branches run concurrently, so their events interleave in whatever order I/O finished.
 * Within each parallel block, events are stably regrouped by branch, which keeps the fixture
 * deterministic while every event and its order inside a branch is still checked.
 */
function regroupParallelBranches(events: Event[]): Event[] {
  const byId = new Map<string, Event>();
  for (const e of events) if (e.Id && !byId.has(e.Id)) byId.set(e.Id, e);
  const branchOf = (e: Event, parallelId: string): string | undefined => {
    let current: Event | undefined = e;
    while (current?.ParentId) {
      if (current.ParentId === parallelId) return current.Name ?? current.Id;
      current = byId.get(current.ParentId);
    }
    return undefined;
  };
  const out = [...events];
  for (let i = 0; i < out.length; i++) {
    const start = out[i];
    if (start?.EventType !== "ContextStarted" || start.SubType !== "Parallel" || !start.Id)
      continue;
    const endIndex = out.findIndex(
      (e, j) => j > i && e.Id === start.Id && e.EventType !== "ContextStarted",
    );
    const end = endIndex === -1 ? out.length : endIndex;
    const block = out.slice(i + 1, end);
    const order = new Map<string, number>();
    for (const e of block) {
      const branch = branchOf(e, start.Id) ?? "";
      if (!order.has(branch)) order.set(branch, order.size);
    }
    const names = [...order.keys()].sort();
    block.sort(
      (a, b) =>
        names.indexOf(branchOf(a, start.Id!) ?? "") - names.indexOf(branchOf(b, start.Id!) ?? ""),
    );
    out.splice(i + 1, block.length, ...block);
  }
  return out;
}

export function normalizeHistory(events: Event[]): NormalizedEvent[] {
  const names = new Map<string, string>();
  for (const e of events) if (e.Id && e.Name) names.set(e.Id, e.Name);
  return regroupParallelBranches(events.filter((e) => e.EventType !== "InvocationCompleted")).map(
    (e) => {
      const n: NormalizedEvent = { type: e.EventType ?? "?" };
      // The execution's name is the order id: random, so left out.
      if (e.Name && !n.type.startsWith("Execution")) n.name = e.Name;
      if (e.SubType) n.subType = e.SubType;
      const parent = e.ParentId ? names.get(e.ParentId) : undefined;
      if (parent) n.parent = parent;
      if (e.WaitStartedDetails?.Duration !== undefined) n.seconds = e.WaitStartedDetails.Duration;
      if (e.CallbackStartedDetails?.Timeout !== undefined) {
        n.seconds = e.CallbackStartedDetails.Timeout;
      }
      const payload = e.ExecutionSucceededDetails?.Result?.Payload;
      if (payload) {
        const { orderId: _omit, ...rest } = JSON.parse(payload) as Record<string, unknown>;
        n.result = rest;
      }
      const error = errorTypeOf(e);
      if (error) n.error = error;
      return n;
    },
  );
}

/** Compares a history with `__fixtures__/<scenario>.history.json`, or rewrites it. */
export function expectHistoryFixture(scenario: string, events: Event[]): void {
  const actual = normalizeHistory(events);
  const file = join(FIXTURES, `${scenario}.history.json`);
  if (process.env.UPDATE_FIXTURES === "1") {
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`missing fixture ${file}: run the test with UPDATE_FIXTURES=1 and review it`);
  }
  expect(actual).toEqual(JSON.parse(readFileSync(file, "utf8")));
}
