/** The current time from the injected clock, re-read every `intervalMs` (for countdowns, ages). */
import { useEffect, useState } from "react";
import { useServices } from "../services.js";

export function useNow(intervalMs = 1000): number {
  const { now } = useServices();
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), intervalMs);
    return () => clearInterval(timer);
  }, [now, intervalMs]);
  return time;
}
