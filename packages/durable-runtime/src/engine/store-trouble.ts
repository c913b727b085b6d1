import { type DurableRuntimeError, isStoreFailure, storeFailure } from "../errors.js";
import type { ExecutionLog } from "./execution-log.js";
import type { EngineHost } from "./host.js";
import type { ActiveExecution } from "./mutation.js";

/** After a store failure (disk full, read-only file): first retry, and the longest wait. */
const STORE_RETRY_FIRST_MS = 1000;
const STORE_RETRY_MAX_MS = 30_000;

/** What the store-failure policy needs from the runtime. */
export interface StoreTroubleHost extends EngineHost {
  readonly log: ExecutionLog;
  /** Re-arms the runtime's clock timer, which waits for `retryDue` while there is one. */
  armTimer(): void;
}

/**
 * What the runtime does while the store refuses writes (disk full, a read-only file, an I/O
 * error): an invocation whose write was refused is abandoned and re-run from the store, and
 * timers and stalled invocations wait out a backoff (1 s, doubling to 30 s) for which no
 * execution is failed.
 */
export class StoreTrouble {
  readonly #host: StoreTroubleHost;
  /** While the store refuses writes: when to try again (timers and stalled invocations wait). */
  #retryDue: number | undefined;
  #backoffMs = 0;
  /**
   * The executions whose invocation could not even be recorded as ended. The store still marks
   * those as due, so a restart resumes them too.
   */
  readonly #stalled = new Set<string>();

  constructor(host: StoreTroubleHost) {
    this.#host = host;
  }

  /** When to try the store again, while it refuses writes. */
  get retryDue(): number | undefined {
    return this.#retryDue;
  }

  /**
   * `store.transaction(fn)`; when the store refuses it, every running invocation it touched
   * (`touched`, asked only then) is abandoned before the error goes on.
   */
  transaction<T>(fn: () => T, touched: () => Iterable<ActiveExecution | undefined>): T {
    try {
      return this.#host.store.transaction(fn);
    } catch (error) {
      if (isStoreFailure(error))
        for (const active of touched()) if (active) this.#abandon(active, error);
      throw error;
    }
  }

  /**
   * As `transaction`, but committed with the other writes of this event-loop turn when the
   * store groups commits (`defer`): `fn` runs now (its throw comes back from here, as from
   * `transaction`), `then` runs once its writes are durable, and the promise settles with
   * what `then` returns or throws. If the shared commit fails, the invocations `fn` touched
   * are abandoned, at once, before anything else can read them, and the promise rejects.
   */
  grouped<T, R>(
    fn: () => T,
    touched: () => Iterable<ActiveExecution | undefined>,
    then: (result: T) => R,
  ): Promise<Awaited<R>> {
    const store = this.#host.store;
    if (!store.defer) {
      const result = this.transaction(fn, touched);
      return settle(() => then(result));
    }
    let resolve!: (value: R) => void;
    let reject!: (error: unknown) => void;
    const committed = new Promise<R>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    let result: T;
    try {
      result = store.defer(fn, (error) => {
        if (error) {
          // Nothing of the group was kept: whatever it wrote in memory is given up.
          const failure = isStoreFailure(error)
            ? error
            : storeFailure("STORE_IO_ERROR", error.message, error);
          for (const active of touched()) if (active) this.#abandon(active, failure);
          reject(failure);
          return;
        }
        try {
          resolve(then(result));
        } catch (thrown) {
          reject(thrown);
        }
      });
    } catch (error) {
      if (isStoreFailure(error))
        for (const active of touched()) if (active) this.#abandon(active, error);
      throw error;
    }
    return committed as Promise<Awaited<R>>;
  }

  /**
   * A write of this invocation failed, so its in-memory working set (operations, record) may
   * hold changes the store never took. The invocation is given up: its next checkpoint gets
   * the store's error (the SDK ends the invocation), and it runs again from the store.
   */
  #abandon(active: ActiveExecution, error: DurableRuntimeError): void {
    active.storeFailure ??= error;
    try {
      const stored = this.#host.store.getExecution(active.rec.arn);
      if (stored) active.rec = stored;
    } catch {
      // Unreadable too: the record is re-read when the invocation is retried.
    }
  }

  /** Backs off: timers and `arn`'s invocation (if given) are retried once the delay is over. */
  backOff(error: DurableRuntimeError, arn?: string): void {
    if (arn) this.#stalled.add(arn);
    if (this.#retryDue === undefined) {
      const delayMs = this.nextBackoff();
      this.#retryDue = this.#host.clock.now() + delayMs;
      this.#host.log("warn", "the store refused a write; retrying", undefined, {
        code: error.code,
        error: error.message,
        retryInMs: delayMs,
        executionArn: arn,
      });
    }
    this.#host.armTimer();
  }

  /** The next delay of the backoff (each failure without a success between doubles it). */
  nextBackoff(): number {
    this.#backoffMs = Math.min(
      STORE_RETRY_MAX_MS,
      this.#backoffMs === 0 ? STORE_RETRY_FIRST_MS : this.#backoffMs * 2,
    );
    return this.#backoffMs;
  }

  /** The store took a write: the next failure backs off from the first delay again. */
  recovered(): void {
    this.#backoffMs = 0;
  }

  /**
   * Whether writes are still held off: true until the retry is due. Once it is, the wait ends
   * and each stalled invocation goes to `resume`.
   */
  holding(resume: (arn: string) => void): boolean {
    if (this.#retryDue === undefined) return false;
    if (this.#host.clock.now() < this.#retryDue) return true;
    this.#retryDue = undefined;
    const stalled = [...this.#stalled];
    this.#stalled.clear();
    for (const arn of stalled) resume(arn);
    return false;
  }
}

/** `fn`'s result, or its throw, as a promise. */
function settle<R>(fn: () => R): Promise<Awaited<R>> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}
