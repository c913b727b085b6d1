/** Runs `load` now and then every `intervalMs` while `active`, never two at once. */
import { useEffect, useRef } from "react";

export function usePolling(load: () => Promise<void>, intervalMs: number, active = true): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        await latest.current();
      } finally {
        if (!stopped && active) timer = setTimeout(tick, intervalMs);
      }
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs, active, load]);
}
