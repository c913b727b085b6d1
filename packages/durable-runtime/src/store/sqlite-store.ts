import type { DatabaseSync, StatementSync } from "node:sqlite";
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
import { decodeEvent, decodeOperation, encodeRow } from "./operation-codec.js";
import { loadSqlite } from "./sqlite-module.js";

/**
 * How hard a commit is pushed to disk (WAL mode either way):
 * - "process" (default, `synchronous=NORMAL`): a commit survives the process crashing or being
 *   killed (-9); a power loss or OS crash may lose the last few commits, never corrupt the file.
 * - "power" (`synchronous=FULL`): every commit is fsynced before it returns, so it also
 *   survives power loss; each checkpoint then costs one fsync.
 */
export type Durability = "process" | "power";

export interface SqliteStoreOptions {
  /** A file path, or ":memory:". */
  path: string;
  durability?: Durability;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS executions (
  arn TEXT PRIMARY KEY,
  function_name TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  resume INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS executions_by_name ON executions(function_name, name);
CREATE INDEX IF NOT EXISTS executions_by_start ON executions(function_name, start_ms, arn);
CREATE INDEX IF NOT EXISTS executions_to_resume ON executions(function_name) WHERE resume = 1;
CREATE TABLE IF NOT EXISTS operations (
  seq INTEGER PRIMARY KEY,
  arn TEXT NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS operations_by_id ON operations(arn, id);
CREATE INDEX IF NOT EXISTS operations_by_arn ON operations(arn);
CREATE TABLE IF NOT EXISTS events (
  arn TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (arn, event_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS timers (
  arn TEXT NOT NULL,
  key TEXT NOT NULL,
  kind TEXT NOT NULL,
  operation_id TEXT,
  due_ms INTEGER NOT NULL,
  PRIMARY KEY (arn, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS timers_by_due ON timers(due_ms);
CREATE TABLE IF NOT EXISTS callbacks (
  callback_id TEXT PRIMARY KEY,
  arn TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  heartbeat_seconds INTEGER
) WITHOUT ROWID;
`;

export class SqliteStore implements ExecutionStore {
  readonly path: string;
  readonly durability: Durability;
  readonly #db: DatabaseSync;
  #depth = 0;
  #open = true;
  readonly #s: Record<string, StatementSync>;

  constructor(options: SqliteStoreOptions) {
    const { DatabaseSync } = loadSqlite();
    this.path = options.path;
    this.durability = options.durability ?? "process";
    this.#db = new DatabaseSync(options.path);
    this.#db.exec("PRAGMA journal_mode = WAL");
    this.#db.exec(`PRAGMA synchronous = ${this.durability === "power" ? "FULL" : "NORMAL"}`);
    this.#db.exec("PRAGMA busy_timeout = 5000");
    this.#db.exec(SCHEMA);
    const p = (sql: string) => this.#db.prepare(sql);
    this.#s = {
      insertExecution: p(
        "INSERT INTO executions (arn, function_name, name, status, start_ms, resume, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      updateExecution: p("UPDATE executions SET status = ?, resume = ?, body = ? WHERE arn = ?"),
      getExecution: p("SELECT body FROM executions WHERE arn = ?"),
      findByName: p("SELECT body FROM executions WHERE function_name = ? AND name = ?"),
      toResume: p("SELECT arn FROM executions WHERE function_name = ? AND resume = 1"),
      putOperation: p(
        "INSERT INTO operations (arn, id, body) VALUES (?, ?, ?) ON CONFLICT (arn, id) DO UPDATE SET body = excluded.body",
      ),
      getOperation: p("SELECT body FROM operations WHERE arn = ? AND id = ?"),
      listOperations: p("SELECT body FROM operations WHERE arn = ? ORDER BY seq"),
      appendEvent: p("INSERT INTO events (arn, event_id, body) VALUES (?, ?, ?)"),
      eventsAsc: p(
        "SELECT body FROM events WHERE arn = ? AND event_id > ? ORDER BY event_id LIMIT ?",
      ),
      eventsDesc: p(
        "SELECT body FROM events WHERE arn = ? AND event_id < ? ORDER BY event_id DESC LIMIT ?",
      ),
      lastEventId: p("SELECT max(event_id) AS id FROM events WHERE arn = ?"),
      putTimer: p(
        "INSERT INTO timers (arn, key, kind, operation_id, due_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (arn, key) DO UPDATE SET kind = excluded.kind, operation_id = excluded.operation_id, due_ms = excluded.due_ms",
      ),
      deleteTimer: p("DELETE FROM timers WHERE arn = ? AND key = ?"),
      deleteTimers: p("DELETE FROM timers WHERE arn = ?"),
      nextTimer: p("SELECT min(due_ms) AS due FROM timers"),
      dueTimers: p(
        "SELECT arn, key, kind, operation_id, due_ms FROM timers WHERE due_ms <= ? ORDER BY due_ms LIMIT ?",
      ),
      putCallback: p(
        "INSERT INTO callbacks (callback_id, arn, operation_id, heartbeat_seconds) VALUES (?, ?, ?, ?)",
      ),
      getCallback: p(
        "SELECT arn, operation_id, heartbeat_seconds FROM callbacks WHERE callback_id = ?",
      ),
    };
  }

  transaction<T>(fn: () => T): T {
    if (this.#depth > 0) {
      this.#depth++;
      try {
        return fn();
      } finally {
        this.#depth--;
      }
    }
    this.#db.exec("BEGIN IMMEDIATE");
    this.#depth = 1;
    try {
      const result = fn();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    } finally {
      this.#depth = 0;
    }
  }

  insertExecution(rec: ExecutionRecord): void {
    this.#s.insertExecution!.run(
      rec.arn,
      rec.functionName,
      rec.name,
      rec.status,
      rec.startMs,
      resumeFlag(rec),
      JSON.stringify(rec),
    );
  }
  updateExecution(rec: ExecutionRecord): void {
    this.#s.updateExecution!.run(rec.status, resumeFlag(rec), JSON.stringify(rec), rec.arn);
  }
  getExecution(arn: string): ExecutionRecord | undefined {
    const row = this.#s.getExecution!.get(arn) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as ExecutionRecord) : undefined;
  }
  findExecutionByName(functionName: string, name: string): ExecutionRecord | undefined {
    const row = this.#s.findByName!.get(functionName, name) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as ExecutionRecord) : undefined;
  }
  listExecutions(q: ListExecutionsQuery): ExecutionRecord[] {
    // Filters are few and optional: build the statement for this query (not a hot path).
    const where = ["function_name = ?"];
    const args: (string | number)[] = [q.functionName];
    if (q.statuses?.length) {
      where.push(`status IN (${q.statuses.map(() => "?").join(", ")})`);
      args.push(...q.statuses);
    }
    if (q.executionName !== undefined) {
      where.push("name = ?");
      args.push(q.executionName);
    }
    if (q.startedAfterMs !== undefined) {
      where.push("start_ms >= ?");
      args.push(q.startedAfterMs);
    }
    if (q.startedBeforeMs !== undefined) {
      where.push("start_ms <= ?");
      args.push(q.startedBeforeMs);
    }
    if (q.after !== undefined) {
      const anchor = this.getExecution(q.after);
      if (anchor) {
        const op = q.reverseOrder ? "<" : ">";
        where.push(`(start_ms ${op} ? OR (start_ms = ? AND arn ${op} ?))`);
        args.push(anchor.startMs, anchor.startMs, anchor.arn);
      }
    }
    const dir = q.reverseOrder ? "DESC" : "ASC";
    const sql = `SELECT body FROM executions WHERE ${where.join(" AND ")} ORDER BY start_ms ${dir}, arn ${dir} LIMIT ?`;
    args.push(q.limit);
    return (this.#db.prepare(sql).all(...args) as { body: string }[]).map(
      (r) => JSON.parse(r.body) as ExecutionRecord,
    );
  }
  listExecutionsToResume(functionName: string): string[] {
    return (this.#s.toResume!.all(functionName) as { arn: string }[]).map((r) => r.arn);
  }

  putOperation(arn: string, op: Operation): void {
    this.#s.putOperation!.run(arn, op.Id!, encodeRow(op));
  }
  getOperation(arn: string, id: string): Operation | undefined {
    const row = this.#s.getOperation!.get(arn, id) as { body: string } | undefined;
    return row ? decodeOperation(row.body) : undefined;
  }
  listOperations(arn: string): Operation[] {
    return (this.#s.listOperations!.all(arn) as { body: string }[]).map((r) =>
      decodeOperation(r.body),
    );
  }

  appendEvents(arn: string, events: Event[]): void {
    for (const ev of events) this.#s.appendEvent!.run(arn, ev.EventId!, encodeRow(ev));
  }
  listEvents(arn: string, page: EventPage): Event[] {
    const rows = page.reverseOrder
      ? this.#s.eventsDesc!.all(arn, page.afterEventId ?? Number.MAX_SAFE_INTEGER, page.limit)
      : this.#s.eventsAsc!.all(arn, page.afterEventId ?? 0, page.limit);
    return (rows as { body: string }[]).map((r) => decodeEvent(r.body));
  }
  lastEventId(arn: string): number {
    const row = this.#s.lastEventId!.get(arn) as { id: number | null } | undefined;
    return row?.id ?? 0;
  }

  putTimer(t: TimerRecord): void {
    this.#s.putTimer!.run(t.arn, t.key, t.kind, t.operationId ?? null, t.dueMs);
  }
  deleteTimer(arn: string, key: string): void {
    this.#s.deleteTimer!.run(arn, key);
  }
  deleteTimers(arn: string): void {
    this.#s.deleteTimers!.run(arn);
  }
  nextTimerDue(): number | undefined {
    const row = this.#s.nextTimer!.get() as { due: number | null } | undefined;
    return row?.due ?? undefined;
  }
  dueTimers(nowMs: number, limit: number): TimerRecord[] {
    const rows = this.#s.dueTimers!.all(nowMs, limit) as {
      arn: string;
      key: string;
      kind: TimerRecord["kind"];
      operation_id: string | null;
      due_ms: number;
    }[];
    return rows.map((r) => ({
      arn: r.arn,
      key: r.key,
      kind: r.kind,
      operationId: r.operation_id ?? undefined,
      dueMs: r.due_ms,
    }));
  }

  putCallback(cb: CallbackRecord): void {
    this.#s.putCallback!.run(cb.callbackId, cb.arn, cb.operationId, cb.heartbeatSeconds ?? null);
  }
  getCallback(callbackId: string): CallbackRecord | undefined {
    const row = this.#s.getCallback!.get(callbackId) as
      | { arn: string; operation_id: string; heartbeat_seconds: number | null }
      | undefined;
    if (!row) return undefined;
    return {
      callbackId,
      arn: row.arn,
      operationId: row.operation_id,
      heartbeatSeconds: row.heartbeat_seconds ?? undefined,
    };
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#db.close();
  }
}

const resumeFlag = (rec: ExecutionRecord): number =>
  rec.status === "RUNNING" && (rec.wake || rec.inFlight) ? 1 : 0;
