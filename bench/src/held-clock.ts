/**
 * The system clock, except that the benchmark can hold `now()` still for a while: every wait
 * that starts while it is held gets the same ScheduledEndTimestamp, which is how the timer
 * burst makes 200 timers fall due in the same millisecond. Timers are set against real time
 * (target = now() + ms), so a timer armed while held still fires at its due time.
 */
import type { Clock, ClockTimer } from "@coffee/durable-runtime";

export class HeldClock implements Clock {
  #heldAt: number | undefined;

  hold(): void {
    this.#heldAt = Date.now();
  }
  release(): void {
    this.#heldAt = undefined;
  }
  now(): number {
    return this.#heldAt ?? Date.now();
  }
  setTimer(fn: () => void, ms: number): ClockTimer {
    return { id: setTimeout(fn, Math.max(0, this.now() + ms - Date.now())) };
  }
  clearTimer(timer: ClockTimer): void {
    clearTimeout(timer.id as NodeJS.Timeout);
  }
}
