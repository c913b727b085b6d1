import type { ClockTimer } from "../clock.js";
import { isStoreFailure } from "../errors.js";
import type { ErrorObject, TimerRecord } from "../types.js";
import type { ExecutionLog } from "./execution-log.js";
import type { EngineHost } from "./host.js";
import { type ActiveExecution, Mutation } from "./mutation.js";
import { isLive } from "./pause-resume.js";
import type { StoreTrouble } from "./store-trouble.js";
import { fireTimer } from "./timer-effects.js";

/** What firing durable timers needs from the runtime. */
export interface TimerHost extends EngineHost {
  readonly log: ExecutionLog;
  readonly trouble: StoreTrouble;
  /** Running invocations by execution ARN: a timer of one of them changes its working set. */
  readonly active: ReadonlyMap<string, ActiveExecution>;
  isClosed(): boolean;
  /** Ends an execution whose timeout fell due. */
  finish(m: Mutation, status: "TIMED_OUT", out: { error: ErrorObject }): void;
  /** A committed mutation's effects: after-commit work, waking its execution, re-arming. */
  afterMutation(m: Mutation): void;
  /** Invokes an execution (one whose invocation waited out a store failure). */
  schedule(arn: string): void;
}

/**
 * The durable timers (waits, retries, callback timeouts, execution timeouts) live in the
 * store; this keeps one clock timer armed for the earliest and fires those due.
 */
export class DurableTimers {
  readonly #host: TimerHost;
  #timer: ClockTimer | undefined;
  #timerDue: number | undefined;

  constructor(host: TimerHost) {
    this.#host = host;
  }

  /** Keeps one clock timer armed for the earliest durable timer (the only thing in RAM). */
  arm(hint?: number): void {
    const { clock } = this.#host;
    if (this.#host.isClosed()) return;
    if (hint !== undefined && this.#timer && this.#timerDue !== undefined && this.#timerDue <= hint)
      return;
    // After a store failure nothing fires before the retry (a due timer would fail again).
    const next = this.#host.trouble.retryDue ?? this.#host.store.nextTimerDue();
    if (next === undefined) return;
    if (this.#timer && this.#timerDue === next) return;
    if (this.#timer) clock.clearTimer(this.#timer);
    this.#timerDue = next;
    this.#timer = clock.setTimer(() => {
      this.#timer = undefined;
      this.#timerDue = undefined;
      this.fireDue();
    }, next - clock.now());
  }

  /** Stops the clock timer (the runtime is closing). */
  disarm(): void {
    if (this.#timer) this.#host.clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  fireDue(): void {
    const { store, clock, trouble } = this.#host;
    if (this.#host.isClosed()) return;
    if (trouble.holding((arn) => this.#host.schedule(arn))) {
      this.arm();
      return;
    }
    firing: for (;;) {
      const due = store.dueTimers(clock.now(), 256);
      if (due.length === 0) break;
      let fired: Mutation[] | undefined;
      try {
        fired = this.#fireBatch(due);
      } catch (error) {
        // The store refused the write: the timers stay, and fire when the store takes them.
        if (isStoreFailure(error)) {
          trouble.backOff(error);
          break;
        }
      }
      trouble.recovered();
      if (fired) {
        for (const m of fired) this.#host.afterMutation(m);
        continue;
      }
      // One timer of the batch could not be applied: fire them one by one, and drop the bad
      // one (a timer that cannot be applied must not fire forever) without holding up the rest.
      for (const t of due) {
        try {
          this.#fireOne(t);
        } catch (error) {
          if (isStoreFailure(error)) {
            trouble.backOff(error);
            break firing;
          }
          try {
            store.transaction(() => store.deleteTimer(t.arn, t.key));
          } catch (dropError) {
            if (!isStoreFailure(dropError)) throw dropError;
            trouble.backOff(dropError);
            break firing;
          }
          this.#host.log("error", "timer could not be applied", undefined, {
            executionArn: t.arn,
            timer: t.key,
            error: String(error),
          });
        }
      }
    }
    this.arm();
  }

  /**
   * Fires due timers in one transaction, so a burst of timers due together costs one commit,
   * not one each; their effects (waking executions, waiters) run once it has committed.
   */
  #fireBatch(due: TimerRecord[]): Mutation[] {
    const fired: Mutation[] = [];
    this.#host.trouble.transaction(
      () => {
        for (const t of due) {
          const m = this.#timerMutation(t);
          if (m) fired.push(m);
        }
      },
      () => fired.map((m) => m.active),
    );
    return fired;
  }

  /** Applies one due timer inside the caller's transaction; the mutation, for its effects. */
  #timerMutation(t: TimerRecord): Mutation | undefined {
    const { store, clock } = this.#host;
    store.deleteTimer(t.arn, t.key);
    const active = this.#host.active.get(t.arn);
    const rec = active?.rec ?? store.getExecution(t.arn);
    if (!rec) return undefined;
    if (t.kind === "DELETION") {
      if (rec.status === "DELETING") store.deleteExecution(t.arn);
      return undefined;
    }
    const m = new Mutation(store, clock, rec, active);
    if (isLive(rec.status)) {
      if (t.kind === "EXECUTION_TIMEOUT") {
        this.#host.finish(m, "TIMED_OUT", {
          error: { ErrorType: "ExecutionTimedOut", ErrorMessage: "Execution timed out" },
        });
      } else {
        fireTimer(m, t);
      }
    }
    m.flush();
    return m;
  }

  #fireOne(t: TimerRecord): void {
    const m = this.#host.trouble.transaction(
      () => this.#timerMutation(t),
      () => [this.#host.active.get(t.arn)],
    );
    if (m) this.#host.afterMutation(m);
  }
}
