/**
 * Per-test set-up for this package's own tests: a fresh runtime around each test. It registers
 * vitest hooks, so it is not part of the `@coffee/durable-runtime/testing` entry.
 */
import { afterEach, beforeEach } from "vitest";
import type { ManualClock } from "../clock.js";
import type { DurableRuntime, DurableRuntimeOptions } from "../runtime.js";
import type { ExecutionStore } from "../store/execution-store.js";
import { manualRuntime } from "./fixture.js";

export interface FreshRuntime {
  runtime: DurableRuntime;
  clock: ManualClock;
  /** Unique to the test: the test handlers count their runs under it. */
  key: string;
}

/**
 * Before each test of the enclosing `describe`: a runtime on a new store from `makeStore` and a
 * manual clock (see `manualRuntime`), handed to `use`. After each test the runtime is closed.
 */
export function freshRuntimeEach(
  makeStore: () => ExecutionStore,
  keyPrefix: string,
  use: (fresh: FreshRuntime) => void,
  options: Partial<DurableRuntimeOptions> = {},
): void {
  let n = 0;
  let current: DurableRuntime | undefined;
  beforeEach(() => {
    const { runtime, clock } = manualRuntime(makeStore(), options);
    current = runtime;
    use({ runtime, clock, key: `${keyPrefix}-${++n}` });
  });
  afterEach(() => current?.close());
}
