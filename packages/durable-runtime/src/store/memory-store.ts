import type {
  CallbackRecord,
  Event,
  EventPage,
  ExecutionRecord,
  ListExecutionsQuery,
  Operation,
  TimerRecord,
} from "../types.js";
import type { ExecutionStore } from "./execution-store.js";
import { decodeEvents, decodeOperation, encodeEvent, encodeOperation } from "./operation-codec.js";

/**
 * Everything in maps, for unit tests. Transactions keep an undo log so a failed checkpoint
 * leaves no trace, as it would in SQLite. Records are copied in and out so callers can never
 * alias stored state; operations and events are kept as the SQLite store keeps them, encoded
 * with the same codec, so both stores give back exactly the same values (and encoding is
 * cheaper per step than a structured clone).
 */
export class MemoryStore implements ExecutionStore {
  #executions = new Map<string, ExecutionRecord>();
  #byName = new Map<string, string>();
  #operations = new Map<string, Map<string, string>>();
  #events = new Map<string, { id: number; text: string }[]>();
  #timers = new Map<string, TimerRecord>();
  #callbacks = new Map<string, CallbackRecord>();
  #undo: (() => void)[] | undefined;

  transaction<T>(fn: () => T): T {
    if (this.#undo) return fn();
    this.#undo = [];
    try {
      const result = fn();
      this.#undo = undefined;
      return result;
    } catch (error) {
      const undo = this.#undo ?? [];
      this.#undo = undefined;
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      throw error;
    }
  }

  #set<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (this.#undo) {
      const had = map.has(key);
      const prev = map.get(key);
      this.#undo.push(() => (had ? map.set(key, prev as V) : map.delete(key)));
    }
    map.set(key, value);
  }
  #delete<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    if (this.#undo) {
      const prev = map.get(key) as V;
      this.#undo.push(() => map.set(key, prev));
    }
    map.delete(key);
  }

  insertExecution(rec: ExecutionRecord): void {
    this.#set(this.#executions, rec.arn, structuredClone(rec));
    this.#set(this.#byName, `${rec.functionName}\u0000${rec.name}`, rec.arn);
  }
  updateExecution(rec: ExecutionRecord): void {
    this.#set(this.#executions, rec.arn, structuredClone(rec));
  }
  deleteExecution(arn: string): void {
    const rec = this.#executions.get(arn);
    if (!rec) return;
    this.#delete(this.#executions, arn);
    this.#delete(this.#byName, `${rec.functionName}\u0000${rec.name}`);
    this.#delete(this.#operations, arn);
    this.#delete(this.#events, arn);
    this.deleteTimers(arn);
    for (const [id, cb] of this.#callbacks) if (cb.arn === arn) this.#delete(this.#callbacks, id);
  }
  getExecution(arn: string): ExecutionRecord | undefined {
    const rec = this.#executions.get(arn);
    return rec ? structuredClone(rec) : undefined;
  }
  findExecutionByName(functionName: string, name: string): ExecutionRecord | undefined {
    const arn = this.#byName.get(`${functionName}\u0000${name}`);
    return arn ? this.getExecution(arn) : undefined;
  }
  listExecutions(q: ListExecutionsQuery): ExecutionRecord[] {
    const sign = q.reverseOrder ? -1 : 1;
    const anchor = q.after !== undefined ? this.#executions.get(q.after) : undefined;
    const order = (a: ExecutionRecord, b: ExecutionRecord) =>
      sign * (a.startMs - b.startMs || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
    return [...this.#executions.values()]
      .filter(
        (e) =>
          e.functionName === q.functionName &&
          (!q.statuses?.length || q.statuses.includes(e.status)) &&
          (q.executionName === undefined || e.name === q.executionName) &&
          (q.startedAfterMs === undefined || e.startMs >= q.startedAfterMs) &&
          (q.startedBeforeMs === undefined || e.startMs <= q.startedBeforeMs) &&
          (!anchor || order(e, anchor) > 0),
      )
      .sort(order)
      .slice(0, q.limit)
      .map((e) => structuredClone(e));
  }
  listExecutionsToResume(functionName: string): string[] {
    return [...this.#executions.values()]
      .filter(
        (e) => e.functionName === functionName && e.status === "RUNNING" && (e.wake || e.inFlight),
      )
      .map((e) => e.arn);
  }

  putOperation(arn: string, op: Operation): void {
    let ops = this.#operations.get(arn);
    if (!ops) {
      ops = new Map();
      this.#set(this.#operations, arn, ops);
    }
    // A Map keeps first-insertion order on replace, which is the replay order we need.
    this.#set(ops, op.Id!, encodeOperation(op));
  }
  getOperation(arn: string, id: string): Operation | undefined {
    const text = this.#operations.get(arn)?.get(id);
    return text === undefined ? undefined : decodeOperation(text);
  }
  listOperations(arn: string): Operation[] {
    return Array.from(this.#operations.get(arn)?.values() ?? [], decodeOperation);
  }

  appendEvents(arn: string, events: Event[]): void {
    let list = this.#events.get(arn);
    if (!list) {
      list = [];
      this.#set(this.#events, arn, list);
    }
    const target = list;
    const before = target.length;
    for (const e of events) target.push({ id: e.EventId!, text: encodeEvent(e) });
    this.#undo?.push(() => {
      target.length = before;
    });
  }
  listEvents(arn: string, page: EventPage): Event[] {
    const all = this.#events.get(arn) ?? [];
    const selected = page.reverseOrder
      ? all.filter((e) => e.id < (page.afterEventId ?? Number.MAX_SAFE_INTEGER)).reverse()
      : all.filter((e) => e.id > (page.afterEventId ?? 0));
    return decodeEvents(`[${selected.slice(0, page.limit).map((e) => e.text)}]`);
  }
  lastEventId(arn: string): number {
    return this.#events.get(arn)?.at(-1)?.id ?? 0;
  }

  putTimer(t: TimerRecord): void {
    this.#set(this.#timers, `${t.arn}\u0000${t.key}`, { ...t });
  }
  deleteTimer(arn: string, key: string): void {
    this.#delete(this.#timers, `${arn}\u0000${key}`);
  }
  deleteTimers(arn: string): void {
    for (const [k, t] of this.#timers) if (t.arn === arn) this.#delete(this.#timers, k);
  }
  nextTimerDue(): number | undefined {
    let min: number | undefined;
    for (const t of this.#timers.values()) if (min === undefined || t.dueMs < min) min = t.dueMs;
    return min;
  }
  dueTimers(nowMs: number, limit: number): TimerRecord[] {
    return [...this.#timers.values()]
      .filter((t) => t.dueMs <= nowMs)
      .sort((a, b) => a.dueMs - b.dueMs)
      .slice(0, limit)
      .map((t) => ({ ...t }));
  }

  putCallback(cb: CallbackRecord): void {
    this.#set(this.#callbacks, cb.callbackId, { ...cb });
  }
  getCallback(callbackId: string): CallbackRecord | undefined {
    const cb = this.#callbacks.get(callbackId);
    return cb ? { ...cb } : undefined;
  }

  close(): void {}
}
