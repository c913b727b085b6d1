/**
 * One load that heals itself: `load` runs when the view mounts (and again whenever `load`
 * changes), and after a failure it runs again `retryMs` later, until it succeeds. `run()` loads
 * now (a reload), cancelling a waiting retry; an answer overtaken by a later run is dropped.
 * `onError` sees each failure first and answers `true` when it has dealt with it (the session
 * ended, a refusal the view shows): then nothing is retried and no error is shown.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { describeError } from "../api/api-error.js";

export interface RetryingLoadOptions<T> {
  /** Off: nothing loads (no token yet). Default on. */
  enabled?: boolean;
  /** Default 3000. */
  retryMs?: number;
  onLoaded(value: T): void;
  onError?(error: unknown): boolean;
}

export interface RetryingLoad {
  run(): void;
  /** The last failure, as the page shows it, until a load succeeds. */
  error: string | undefined;
}

export function useRetryingLoad<T>(
  load: () => Promise<T>,
  options: RetryingLoadOptions<T>,
): RetryingLoad {
  const [error, setError] = useState<string>();
  const retry = useRef<ReturnType<typeof setTimeout>>(undefined);
  const generation = useRef(0);
  // The latest callbacks without reloading on every render.
  const ref = useRef(options);
  ref.current = options;
  const enabled = options.enabled ?? true;

  const run = useCallback(() => {
    if (!enabled) return;
    const mine = ++generation.current;
    clearTimeout(retry.current);
    load().then(
      (value) => {
        if (mine !== generation.current) return;
        setError(undefined);
        ref.current.onLoaded(value);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        if (ref.current.onError?.(e)) return;
        setError(describeError(e));
        retry.current = setTimeout(run, ref.current.retryMs ?? 3000);
      },
    );
  }, [load, enabled]);

  useEffect(() => {
    run();
    return () => {
      clearTimeout(retry.current);
      generation.current++;
    };
  }, [run]);

  return { run, error };
}
