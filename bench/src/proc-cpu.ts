/**
 * CPU time of processes, from /proc/PID/stat (Linux): user + system time in milliseconds,
 * including children that have ended and been waited for. Wall time moves 2x on a busy machine;
 * CPU time per unit of work is what a before/after compares.
 */
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime are fields 14-17 of stat; 12-15 after the name and state.
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return (((utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0)) * 1000) / TICKS_PER_SECOND;
}

/** The summed CPU time of `pids`. */
export function treeCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
}
