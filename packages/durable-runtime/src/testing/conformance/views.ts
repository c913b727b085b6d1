import { AsyncLocalStorage } from "node:async_hooks";
import type { BatchResult, DurableLambdaHandler } from "@aws/durable-execution-sdk-js";

/**
 * What a conformance handler returns or records so that two engines can be compared as plain
 * JSON: the parts of an error, a batch result or a value the handler itself can observe.
 */

// Taken when this module loads, before the official runner installs its fake clock: a drive's
// pause must be real time, since the official checkpoint server (a worker thread) times
// callbacks out in real time, and a handler's "slow" work must take real time on both engines.
const realSetTimeout = globalThis.setTimeout;
export const realSleep = (ms: number) =>
  new Promise<void>((resolve) => realSetTimeout(resolve, ms));

const currentTrace = new AsyncLocalStorage<string[]>();

/**
 * Records a side effect of a handler under test, in the order it happened, in the trace of
 * the run it belongs to (several runs may be in flight at once).
 */
export const note = (line: string): void => {
  currentTrace.getStore()?.push(line);
};

/** The handler, with every invocation's notes going to `trace`. */
export const tracing =
  (trace: string[], handler: DurableLambdaHandler): DurableLambdaHandler =>
  (event, context) =>
    currentTrace.run(trace, () => handler(event, context));

export interface ErrorView {
  constructor: string;
  name: string;
  message: string;
  errorType?: string;
  errorData?: string;
  cause?: ErrorView | { thrown: unknown };
}

/** An error as the handler sees it: its class, name, message, SDK errorType and cause chain. */
export function errorView(error: unknown, depth = 0): ErrorView | { thrown: unknown } | undefined {
  if (error === undefined) return undefined;
  if (!(error instanceof Error)) return { thrown: error };
  const e = error as Error & { errorType?: string; errorData?: string };
  const view: ErrorView = { constructor: e.constructor.name, name: e.name, message: e.message };
  if (e.errorType !== undefined) view.errorType = e.errorType;
  if (e.errorData !== undefined) view.errorData = e.errorData;
  if (e.cause !== undefined && depth < 3) view.cause = errorView(e.cause, depth + 1);
  return view;
}

/** Everything a BatchResult shows its handler. */
export function batchView<T>(result: BatchResult<T>) {
  return {
    status: result.status,
    completionReason: result.completionReason,
    hasFailure: result.hasFailure,
    counts: {
      succeeded: result.successCount,
      failed: result.failureCount,
      started: result.startedCount,
      total: result.totalCount,
    },
    items: result.all.map((item) => ({
      index: item.index,
      status: item.status,
      result: item.result,
      error: errorView(item.error),
    })),
    results: result.getResults(),
    errors: result.getErrors().map((e) => e.message),
  };
}

/** A value as the handler sees it, with `undefined` (which JSON drops) made visible. */
export const valueView = (value: unknown): unknown => (value === undefined ? "<undefined>" : value);
