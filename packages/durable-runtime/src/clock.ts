/**
 * Time as the runtime sees it. Every timer, timeout and timestamp reads a Clock, so tests can
 * swap in a ManualClock and skip a 15-minute timeout in microseconds.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once `ms` have passed on this clock. */
  setTimer(fn: () => void, ms: number): ClockTimer;
  clearTimer(timer: ClockTimer): void;
}

export interface ClockTimer {
  readonly id: unknown;
}

// setTimeout stores its delay in a signed 32-bit integer; longer delays fire at once.
const MAX_TIMEOUT_MS = 2_147_483_647;

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  setTimer(fn: () => void, ms: number): ClockTimer {
    return { id: setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMEOUT_MS)) };
  }
  clearTimer(timer: ClockTimer): void {
    clearTimeout(timer.id as NodeJS.Timeout);
  }
}

interface ManualTimer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/** A clock that moves only when told to. Timers due after a move fire on the next microtask. */
export class ManualClock implements Clock {
  #now: number;
  #timers = new Map<number, ManualTimer>();
  #nextId = 1;

  constructor(startMs = Date.parse("2026-01-01T00:00:00Z")) {
    this.#now = startMs;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.set(this.#now + ms);
  }
  set(ms: number): void {
    if (ms < this.#now) throw new RangeError("ManualClock cannot move backwards");
    this.#now = ms;
    const due = [...this.#timers.values()].filter((t) => t.due <= ms).sort((a, b) => a.due - b.due);
    for (const timer of due) {
      this.#timers.delete(timer.id);
      queueMicrotask(timer.fn);
    }
  }
  setTimer(fn: () => void, ms: number): ClockTimer {
    const timer = { id: this.#nextId++, due: this.#now + Math.max(0, ms), fn };
    this.#timers.set(timer.id, timer);
    return { id: timer.id };
  }
  clearTimer(timer: ClockTimer): void {
    this.#timers.delete(timer.id as number);
  }
}
