/** How a timeline says durations and payloads to people. */

/** "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** A payload as people read it: JSON pretty-printed, anything else as it is. */
export function prettyPayload(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A timeout or wait as set: "300 s", "1 h", "24 h", "1 h 30 min". */
export function formatSeconds(seconds: number): string {
  if (seconds < 3600 || seconds % 60 !== 0) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const min = (seconds % 3600) / 60;
  return min === 0 ? `${h} h` : `${h} h ${min} min`;
}

/** A moment: the time of day, with the date when it is not `now`'s day. */
export function formatMoment(iso: string, now: number = Date.now()): string {
  const at = new Date(iso);
  return at.toDateString() === new Date(now).toDateString()
    ? at.toLocaleTimeString()
    : at.toLocaleString();
}
