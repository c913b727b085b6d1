/**
 * CPU time of processes, from /proc/PID/stat (Linux): user + system time in milliseconds,
 * including children that have ended and been waited for. Wall time moves 2x on a busy machine;
 * CPU time per unit of work is what a before/after compares.
 */
import { readdirSync, readFileSync } from "node:fs";

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

/** The processes `pid` started that are still running (its main thread's children), from /proc. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU time of each thread of `pid` (from /proc/PID/task/TID/stat), by thread id. */
export function threadCpuMs(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      // A thread's own utime and stime (its cutime and cstime are the whole process's).
      const [utime, stime] = stat
        .slice(stat.lastIndexOf(")") + 2)
        .split(" ")
        .slice(11, 13);
      threads.set(Number(tid), ((Number(utime) + Number(stime)) * 1000) / TICKS_PER_SECOND);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

/**
 * How a process's CPU time since `before` splits between its main thread, its busiest other
 * thread and the rest. In the local stack the busiest other thread is the durable runtime's
 * worker thread (it runs the runtime and the workflow); the rest are V8's garbage collector
 * and compiler threads and libuv's pool.
 */
export function threadSplitMs(
  pid: number,
  before: Map<number, number>,
): { main: number; busiest: number; rest: number } {
  const deltas = [...threadCpuMs(pid)].map(([tid, ms]) => ({
    tid,
    ms: ms - (before.get(tid) ?? 0),
  }));
  const main = deltas.find((d) => d.tid === pid)?.ms ?? 0;
  const others = deltas.filter((d) => d.tid !== pid).sort((a, b) => b.ms - a.ms);
  const busiest = others[0]?.ms ?? 0;
  const rest = others.slice(1).reduce((sum, d) => sum + d.ms, 0);
  return { main, busiest, rest };
}
