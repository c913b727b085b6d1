import type { Clock } from "../clock.js";
import type { ExecutionStore } from "../store/execution-store.js";

/** What every engine module gets from the runtime: its store and its clock. */
export interface EngineHost {
  readonly store: ExecutionStore;
  readonly clock: Clock;
}
