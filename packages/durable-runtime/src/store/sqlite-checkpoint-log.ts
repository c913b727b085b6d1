import type { DatabaseSync, StatementSync } from "node:sqlite";
import { hidesChildren } from "../engine/state-view.js";
import { DurableRuntimeError } from "../errors.js";
import type { Event, EventPage, Operation } from "../types.js";
import type { VisibleOperations } from "./execution-store.js";
import {
  decodeEvents,
  decodeOperation,
  decodeOperations,
  encodeEvent,
  encodeOperation,
} from "./operation-codec.js";

/**
 * Operations and history of the SQLite store, written as an append-only log: each transaction
 * appends one row per execution holding that transaction's history events and the operation
 * states it wrote. Appends land on the rightmost page of one B-tree, which makes a checkpoint
 * commit about half as costly as upserting operations keyed by their (hash) ids.
 *
 * The log is a rowid table whose integer key is `execution * 2^24 + n`, n counting that
 * execution's rows from 1, so one execution's rows are one key range and no second index is
 * needed. This matters: SQLite appends to a rowid table by adding a page at the right edge,
 * while an index B-tree (a WITHOUT ROWID table, or a secondary index) rebalances its last
 * pages on every split; the rowid log writes about half the WAL frames per checkpoint (bench:
 * 2.6 → 1.3 frames, 15 → 8 µs per commit on a bare loop). Keys stay exact JavaScript numbers
 * for 2^29 executions of up to 2^24 − 1 rows each.
 *
 * The `operations` table is the log folded up to the execution's `folded.upto` mark; `compact`
 * folds the rest in (the runtime calls it when an invocation ends), so reading a suspended
 * execution's operation touches the folded table plus at most a few log rows. It is keyed the
 * same way (`execution * 2^24 + n`, n in order of first folding), so an execution's operations
 * are read in first-write order by one range scan: no sort, and rows of a few hundred bytes
 * stay out of index B-tree pages (SQLite advises against WITHOUT ROWID for rows that large).
 * The unique index finds an operation by id.
 *
 * Operations the handler can no longer see (the children, at any depth, of CONTEXTs that
 * finished without ReplayChildren) are moved to the upper half of the range when they are
 * folded (`compact(exec, hide)`): key + 2^23, so n keeps their first-write place. An invocation
 * then reads only the lower half: in a loop of `waitForCallback`s, two thirds of the
 * operations are such children, read and skipped on every re-invocation before.
 */
export const CHECKPOINT_LOG_SCHEMA = `
CREATE TABLE IF NOT EXISTS operations (
  key INTEGER PRIMARY KEY,
  execution INTEGER NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS operations_by_id ON operations(execution, id);
CREATE TABLE IF NOT EXISTS log (
  key INTEGER PRIMARY KEY,
  first_event INTEGER,
  last_event INTEGER,
  events TEXT,
  ops TEXT
);
CREATE TABLE IF NOT EXISTS folded (
  execution INTEGER PRIMARY KEY,
  upto INTEGER NOT NULL
);
`;

interface LogRow {
  key: number;
  ops: string | null;
}

/** Rows one execution may have in each table: n runs from 1 to 2^24 − 1 within its range. */
export const ROWS_PER_EXECUTION = 2 ** 24;
/** Added to the key of an operation hidden from the handler (folded operations: n < 2^23). */
const HIDDEN = 2 ** 23;
/** Executions whose whole key range stays below 2^53 (exact in a JavaScript number). */
const MAX_EXECUTION_ID = 2 ** 29 - 1;

/** First key of an execution's range (its rows are first + 1 … first + 2^24 − 1). */
const rangeOf = (exec: number): number => exec * ROWS_PER_EXECUTION;
/** The bounds an execution's rows lie strictly between, as the statements take them. */
const within = (exec: number): [number, number] => [
  rangeOf(exec),
  rangeOf(exec) + ROWS_PER_EXECUTION,
];

export class CheckpointLog {
  readonly #s: Record<string, StatementSync>;
  /** Last log key written per execution, for the executions written lately (bounded). */
  readonly #lastKey = new Map<number, number>();
  /**
   * Operation states written in the open transaction, per execution and id, not yet in the
   * log: only the last state of each operation is logged (a step's START and SUCCEED in one
   * checkpoint are one entry), in first-written order.
   */
  #pending = new Map<number, Map<string, Operation>>();

  constructor(db: DatabaseSync) {
    const p = (sql: string) => db.prepare(sql);
    this.#s = {
      append: p(
        "INSERT INTO log (key, first_event, last_event, events, ops) VALUES (?, ?, ?, ?, ?)",
      ),
      lastKey: p("SELECT max(key) AS key FROM log WHERE key > ? AND key < ?"),
      upto: p("SELECT upto FROM folded WHERE execution = ?"),
      setUpto: p(
        "INSERT INTO folded (execution, upto) VALUES (?, ?) ON CONFLICT (execution) DO UPDATE SET upto = excluded.upto",
      ),
      opsAfter: p(
        "SELECT key, ops FROM log WHERE key > ? AND key < ? AND ops IS NOT NULL ORDER BY key",
      ),
      opsAfterDesc: p(
        "SELECT key, ops FROM log WHERE key > ? AND key < ? AND ops IS NOT NULL ORDER BY key DESC",
      ),
      lastFolded: p("SELECT max(key) AS key FROM operations WHERE key > ? AND key < ?"),
      fold: p(
        "INSERT INTO operations (key, execution, id, body) VALUES (?, ?, ?, ?) ON CONFLICT (execution, id) DO UPDATE SET body = excluded.body",
      ),
      getFolded: p("SELECT body FROM operations WHERE execution = ? AND id = ?"),
      listFolded: p("SELECT body FROM operations WHERE key > ? AND key < ? ORDER BY key"),
      listAllFolded: p(
        `SELECT body FROM operations WHERE key > ? AND key < ? ORDER BY key % ${HIDDEN}`,
      ),
      // Only the index (execution, id, and the key it points to) is read, not the rows; one
      // JSON array instead of a row object per id (hundreds in a long callback loop).
      hiddenIds: p(
        "SELECT json_group_array(id) AS ids FROM operations INDEXED BY operations_by_id WHERE execution = ? AND key >= ?",
      ),
      hide: p(
        `UPDATE operations SET key = key + ${HIDDEN} WHERE execution = ? AND id = ? AND key < ?`,
      ),
      eventsAsc: p(
        "SELECT events FROM log WHERE key > ? AND key < ? AND last_event > ? ORDER BY key LIMIT ?",
      ),
      eventsDesc: p(
        "SELECT events FROM log WHERE key > ? AND key < ? AND first_event < ? ORDER BY key DESC LIMIT ?",
      ),
      dropLog: p("DELETE FROM log WHERE key > ? AND key < ?"),
      dropFolded: p("DELETE FROM operations WHERE execution = ?"),
      dropUpto: p("DELETE FROM folded WHERE execution = ?"),
      lastEvent: p(
        "SELECT last_event FROM log WHERE key > ? AND key < ? AND last_event IS NOT NULL ORDER BY key DESC LIMIT 1",
      ),
    };
  }

  /** Every row of the execution: its log, its folded operations and its fold mark. */
  deleteExecution(exec: number): void {
    this.#pending.delete(exec);
    this.#lastKey.delete(exec);
    this.#s.dropLog!.run(...within(exec));
    this.#s.dropFolded!.run(exec);
    this.#s.dropUpto!.run(exec);
  }

  putOperation(exec: number, op: Operation): void {
    const byId = this.#pending.get(exec);
    if (byId) byId.set(op.Id!, op);
    else this.#pending.set(exec, new Map([[op.Id!, op]]));
  }

  /** One log row: these events plus the operation states written since the last row. */
  appendEvents(exec: number, events: Event[]): void {
    const ops = this.#pending.get(exec);
    this.#pending.delete(exec);
    if (events.length === 0 && !ops) return;
    this.#s.append!.run(
      this.#nextKey(exec),
      events.length ? events[0]!.EventId! : null,
      events.length ? events.at(-1)!.EventId! : null,
      events.length ? `[${events.map(encodeEvent).join(",")}]` : null,
      ops ? `[${Array.from(ops.values(), encodeOperation).join(",")}]` : null,
    );
  }

  /** Before COMMIT: operation states written without events get a row of their own. */
  flushPending(): void {
    for (const exec of [...this.#pending.keys()]) this.appendEvents(exec, []);
  }
  /** After ROLLBACK. */
  discardPending(): void {
    this.#pending.clear();
    this.#lastKey.clear(); // keys of rolled-back rows are free again
  }

  #nextKey(exec: number): number {
    let last = this.#lastKey.get(exec);
    if (last === undefined) {
      last = this.#lastLogKey(exec);
      if (this.#lastKey.size >= 256) this.#lastKey.delete(this.#lastKey.keys().next().value!);
    }
    const key = keyAfter(exec, last, "checkpoints");
    this.#lastKey.set(exec, key);
    return key;
  }

  /** The highest log key in the execution's range (the range's start if none). */
  #lastLogKey(exec: number): number {
    if (exec > MAX_EXECUTION_ID) {
      throw new DurableRuntimeError(
        "INVALID_PARAMETER",
        "InvalidParameterValueException",
        `The store holds ${MAX_EXECUTION_ID} executions, the most one file can: start a new file`,
      );
    }
    return (this.#s.lastKey!.get(...within(exec)) as { key: number | null }).key ?? rangeOf(exec);
  }

  getOperation(exec: number, id: string): Operation | undefined {
    const pending = this.#pending.get(exec)?.get(id);
    if (pending) return structuredClone(pending);
    // Only rows that mention the id are decoded (encodeOperation writes it exactly so):
    // finding the EXECUTION operation at the end of a 1,000-step run decoded every row.
    const needle = `"Id":${JSON.stringify(id)}`;
    for (const row of this.#opsAfterFold(exec, "desc")) {
      if (!row.ops!.includes(needle)) continue;
      const ops = decodeOperations(row.ops!);
      for (let i = ops.length - 1; i >= 0; i--) if (ops[i]!.Id === id) return ops[i];
    }
    const folded = this.#s.getFolded!.get(exec, id) as { body: string } | undefined;
    return folded ? decodeOperation(folded.body) : undefined;
  }

  /** All operations in first-written order: the folded table, then the log after it. */
  listOperations(exec: number): Operation[] {
    const byId = new Map<string, Operation>();
    for (const r of this.#s.listAllFolded!.all(...within(exec)) as { body: string }[]) {
      const op = decodeOperation(r.body);
      byId.set(op.Id!, op);
    }
    for (const row of this.#opsAfterFold(exec)) {
      for (const op of decodeOperations(row.ops!)) byId.set(op.Id!, op);
    }
    return [...byId.values()];
  }

  /**
   * As listOperations, minus the children (and their descendants) of CONTEXTs that finished
   * without ReplayChildren, which the handler never sees. Those set aside by `compact` are not
   * read at all (only their ids, from the index); any others are recognised from the stored
   * text (`{"Id":"…"` … `"ParentId":"…"`, as encodeOperation writes them; a quote inside a
   * value is always escaped) and never decoded, and come back in `unmoved`.
   */
  listVisibleOperations(exec: number): VisibleOperations {
    // Log rows after the fold mark are few (the log is folded when an invocation ends) and
    // may hold newer states of folded operations: decode them first.
    const newer = new Map<string, Operation>();
    for (const row of this.#opsAfterFold(exec)) {
      for (const op of decodeOperations(row.ops!)) newer.set(op.Id!, op);
    }
    const pending = this.#pending.get(exec);
    if (pending) for (const [id, op] of pending) newer.set(id, structuredClone(op));
    const first = rangeOf(exec);
    const { ids } = this.#s.hiddenIds!.get(exec, first + HIDDEN) as { ids: string };
    const hiddenIds = new Set<string>(JSON.parse(ids) as string[]);
    const unmoved: string[] = []; // hidden, still in the lower half (e.g. after a crash)
    const closed = new Set<string>();
    const operations: Operation[] = [];
    const hiddenUnder = (parentId: string) => closed.has(parentId) || hiddenIds.has(parentId);
    const consider = (op: Operation) => {
      if (hiddenIds.has(op.Id!) || (op.ParentId && hiddenUnder(op.ParentId))) {
        hiddenIds.add(op.Id!);
        return;
      }
      if (hidesChildren(op)) closed.add(op.Id!);
      operations.push(op);
    };
    for (const r of this.#s.listFolded!.all(first, first + HIDDEN) as { body: string }[]) {
      const ids = peekIds(r.body);
      if (ids && !newer.has(ids.id) && ids.parentId !== undefined && hiddenUnder(ids.parentId)) {
        hiddenIds.add(ids.id);
        unmoved.push(ids.id);
        continue;
      }
      const op = (ids && newer.get(ids.id)) ?? decodeOperation(r.body);
      newer.delete(op.Id!);
      consider(op);
    }
    for (const op of newer.values()) consider(op); // written since the fold, in first-write order
    return { operations, hiddenIds, unmoved };
  }

  /**
   * Folds the log into the operations table (first-write order is kept by the key), then
   * moves the operations in `hide` (ids the handler can no longer see) to the hidden half.
   */
  compact(exec: number, hide: Iterable<string> = []): void {
    this.flushPending();
    const rows = this.#opsAfterFold(exec);
    if (rows.length > 0) {
      // n must stay unique across both halves: a hidden operation keeps its n.
      const first = rangeOf(exec);
      const last = (from: number, to: number) =>
        (this.#s.lastFolded!.get(from, to) as { key: number | null }).key;
      const upper = last(first + HIDDEN, first + ROWS_PER_EXECUTION);
      let key = last(first, first + HIDDEN) ?? first;
      if (upper !== null) key = Math.max(key, upper - HIDDEN);
      for (const row of rows) {
        for (const op of decodeOperations(row.ops!)) {
          // An operation folded before keeps its key (its first-write place); the new key is
          // then unused, which leaves a gap and nothing else.
          key = keyAfter(exec, key, "operations");
          this.#s.fold!.run(key, exec, op.Id!, encodeOperation(op));
        }
      }
      this.#s.setUpto!.run(exec, rows.at(-1)!.key);
    }
    const upto = rangeOf(exec) + HIDDEN;
    for (const id of hide) this.#s.hide!.run(exec, id, upto);
  }

  listEvents(exec: number, page: EventPage): Event[] {
    // Each row holds at least one event, so limit + 1 rows cover `limit` events even when the
    // first row starts before the marker.
    const out: Event[] = [];
    if (page.reverseOrder) {
      const before = page.afterEventId ?? Number.MAX_SAFE_INTEGER;
      for (const row of this.#s.eventsDesc!.all(...within(exec), before, page.limit + 1) as {
        events: string;
      }[]) {
        const batch = decodeEvents(row.events);
        for (let i = batch.length - 1; i >= 0; i--) {
          if (batch[i]!.EventId! < before) out.push(batch[i]!);
        }
        if (out.length >= page.limit) break;
      }
    } else {
      const after = page.afterEventId ?? 0;
      for (const row of this.#s.eventsAsc!.all(...within(exec), after, page.limit + 1) as {
        events: string;
      }[]) {
        for (const ev of decodeEvents(row.events)) if (ev.EventId! > after) out.push(ev);
        if (out.length >= page.limit) break;
      }
    }
    return out.slice(0, page.limit);
  }

  lastEventId(exec: number): number {
    const row = this.#s.lastEvent!.get(...within(exec)) as { last_event: number } | undefined;
    return row?.last_event ?? 0;
  }

  /** The log key folded up to: the range's first key while nothing is folded. */
  #upto(exec: number): number {
    return (this.#s.upto!.get(exec) as { upto: number } | undefined)?.upto ?? rangeOf(exec);
  }

  /** The execution's log rows with operations past its fold mark, oldest first by default. */
  #opsAfterFold(exec: number, order: "asc" | "desc" = "asc"): LogRow[] {
    const statement = order === "asc" ? this.#s.opsAfter! : this.#s.opsAfterDesc!;
    return statement.all(this.#upto(exec), within(exec)[1]) as unknown as LogRow[];
  }
}

/** The key after `last` in the execution's range, if the range has one left. */
function keyAfter(exec: number, last: number, what: "checkpoints" | "operations"): number {
  if (last + 1 < rangeOf(exec) + (what === "operations" ? HIDDEN : ROWS_PER_EXECUTION)) {
    return last + 1;
  }
  // Out of reach in practice (the SDK would replay 16 million operations), but not silently:
  // the execution fails with this message instead of writing into another's rows.
  throw new DurableRuntimeError(
    "INVALID_CHECKPOINT",
    "InvalidParameterValueException",
    `The execution has ${ROWS_PER_EXECUTION - 1} ${what} stored, the most one execution can hold`,
  );
}

/** The operation's Id and ParentId read from its stored text without parsing it, if it can. */
function peekIds(body: string): { id: string; parentId?: string } | undefined {
  if (!body.startsWith('{"Id":"')) return undefined;
  const idEnd = body.indexOf('"', 7);
  if (idEnd < 0) return undefined;
  const id = body.slice(7, idEnd);
  if (id.includes("\\")) return undefined;
  const at = body.indexOf('"ParentId":"');
  if (at < 0) return { id };
  const start = at + 12;
  const end = body.indexOf('"', start);
  const parentId = body.slice(start, end);
  return end < 0 || parentId.includes("\\") ? undefined : { id, parentId };
}
