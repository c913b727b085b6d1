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
import type { ExecutionStore, VisibleOperations } from "./execution-store.js";
import { listExecutionsSql } from "./list-executions-sql.js";
import { CHECKPOINT_LOG_SCHEMA, CheckpointLog } from "./sqlite-checkpoint-log.js";
import { sqliteFailure } from "./sqlite-failure.js";
import { MIGRATIONS } from "./sqlite-migrations.js";
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
  /** When the write-ahead log is copied back into the file (see `WalCheckpoints`). */
  walCheckpoint?: Partial<WalCheckpoints>;
  /**
   * Group commit (`defer`): the checkpoints of one event-loop turn share a COMMIT. On by
   * default; `false` leaves `defer` out, and the runtime commits each transaction on its own.
   */
  groupCommit?: boolean;
}

/**
 * A WAL checkpoint copies the log's pages into the database file and fsyncs both, and costs
 * about as much as all the commits it follows together (the fsync writes every 4 KB frame out).
 * SQLite runs it inside the commit that crosses its threshold; this store runs it when writes
 * pause instead, off the path of any checkpoint the SDK is waiting for, and inside a commit only
 * if writes never pause for `maxCommits` commits (so the log stays bounded under constant load).
 */
export interface WalCheckpoints {
  /** Checkpoint once no commit has happened for this long (default 100 ms). */
  idleMs: number;
  /** Checkpoint in the commit that makes this many since the last one (default 2,500, about
   * what SQLite's own threshold of 4,000 pages came to: ≈16 MB of log). */
  maxCommits: number;
}

// Schema notes (a change of layout bumps SCHEMA_VERSION and adds an upgrade to MIGRATIONS):
// each checkpoint is one transaction, and what it costs is the B-tree pages it
// dirties. Operations and history go to an append-only log keyed by a small integer execution
// id (see CheckpointLog); executions, timers and callbacks change per invocation, wait or
// callback, not per step.
const SCHEMA_VERSION = 4;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS executions (
  id INTEGER PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  function_name TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  resume INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS executions_by_name ON executions(function_name, name);
CREATE INDEX IF NOT EXISTS executions_by_start ON executions(function_name, start_ms, arn);
CREATE INDEX IF NOT EXISTS executions_by_status ON executions(function_name, status, start_ms, arn);
CREATE INDEX IF NOT EXISTS executions_to_resume ON executions(function_name) WHERE resume = 1;
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
  readonly #wal: WalCheckpoints;
  /** Commits since the last WAL checkpoint, and when the last one happened. */
  #commits = 0;
  #lastCommitMs = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #log: CheckpointLog;
  /** ARN → execution id for the executions touched lately (bounded; not per suspended one). */
  readonly #ids = new Map<string, number>();
  readonly #s: Record<string, StatementSync>;
  /**
   * The open group (see `defer`): its BEGIN is issued, its COMMIT is scheduled for the end of
   * this event-loop turn, and each member waits to be told how the COMMIT went.
   */
  #group: ((error?: Error) => void)[] | undefined;

  constructor(options: SqliteStoreOptions) {
    const { DatabaseSync } = loadSqlite();
    this.path = options.path;
    this.durability = options.durability ?? "process";
    if (options.groupCommit ?? true) this.defer = (fn, done) => this.#defer(fn, done);
    this.#db = new DatabaseSync(options.path);
    this.#db.exec("PRAGMA journal_mode = WAL");
    this.#db.exec(`PRAGMA synchronous = ${this.durability === "power" ? "FULL" : "NORMAL"}`);
    this.#db.exec("PRAGMA busy_timeout = 250");
    // Checkpoints are this store's to schedule (see WalCheckpoints), not SQLite's.
    this.#db.exec("PRAGMA wal_autocheckpoint = 0");
    this.#wal = {
      idleMs: options.walCheckpoint?.idleMs ?? 100,
      maxCommits: options.walCheckpoint?.maxCommits ?? 2_500,
    };
    // One runtime process owns the file: the lock is taken at the first write and held until
    // close, so a second runtime on the same file fails fast instead of racing this one (and
    // SQLite skips per-transaction locking and the shared-memory index).
    this.#db.exec("PRAGMA locking_mode = EXCLUSIVE");
    let version: number;
    try {
      version = (this.#db.prepare("PRAGMA user_version").get() as { user_version: number })
        .user_version;
    } catch (error) {
      this.#db.close();
      throw new Error(`${options.path} is locked: another durable runtime has it open`, {
        cause: error,
      });
    }
    const empty = !this.#db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table'").get();
    let upgradable = version;
    while (upgradable < SCHEMA_VERSION && MIGRATIONS[upgradable]) upgradable++;
    if (!empty && (version > SCHEMA_VERSION || upgradable !== SCHEMA_VERSION)) {
      this.#db.close();
      throw new Error(
        `${options.path} holds durable-runtime schema ${version}, this version uses ${SCHEMA_VERSION} and cannot upgrade it: move the file away to start fresh`,
      );
    }
    try {
      this.#db.exec("BEGIN IMMEDIATE");
      if (!empty) for (let v = version; v < SCHEMA_VERSION; v++) MIGRATIONS[v]!(this.#db);
      this.#db.exec(SCHEMA);
      this.#db.exec(CHECKPOINT_LOG_SCHEMA);
      this.#db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.close(); // an open transaction is rolled back: the file stays as it was
      throw sqliteFailure(error, options.path) ?? error;
    }
    const p = (sql: string) => this.#db.prepare(sql);
    this.#s = {
      begin: p("BEGIN IMMEDIATE"),
      commit: p("COMMIT"),
      rollback: p("ROLLBACK"),
      savepoint: p("SAVEPOINT member"),
      release: p("RELEASE member"),
      rollbackMember: p("ROLLBACK TO member"),
      insertExecution: p(
        "INSERT INTO executions (arn, function_name, name, status, start_ms, resume, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      // SQLite rewrites an index's entry whenever its column is SET, to the same value too: a
      // record whose status and resume flag stay put (most writes) sets the body alone.
      updateBody: p("UPDATE executions SET body = ? WHERE arn = ? AND status = ? AND resume = ?"),
      executionFlags: p("SELECT status, resume FROM executions WHERE arn = ?"),
      updateStatus: p("UPDATE executions SET status = ?, body = ? WHERE arn = ?"),
      updateResume: p("UPDATE executions SET resume = ?, body = ? WHERE arn = ?"),
      updateExecution: p("UPDATE executions SET status = ?, resume = ?, body = ? WHERE arn = ?"),
      getExecution: p("SELECT body FROM executions WHERE arn = ?"),
      deleteExecution: p("DELETE FROM executions WHERE arn = ?"),
      deleteCallbacks: p("DELETE FROM callbacks WHERE arn = ?"),
      executionId: p("SELECT id FROM executions WHERE arn = ?"),
      findByName: p("SELECT body FROM executions WHERE function_name = ? AND name = ?"),
      toResume: p("SELECT arn FROM executions WHERE function_name = ? AND resume = 1"),
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
    this.#log = new CheckpointLog(this.#db);
  }

  transaction<T>(fn: () => T): T {
    this.#settle();
    if (this.#depth > 0) {
      this.#depth++;
      try {
        return fn();
      } finally {
        this.#depth--;
      }
    }
    this.#depth = 1;
    try {
      this.#s.begin!.run();
      const result = fn();
      this.#log.flushPending();
      this.#s.commit!.run();
      this.#afterCommit();
      return result;
    } catch (error) {
      throw this.#rollBack(error);
    } finally {
      this.#depth = 0;
    }
  }

  /**
   * Group commit: runs `fn` at once, in a savepoint of the group's transaction (a throw undoes
   * `fn`'s writes alone and comes back from here), and commits it with the other deferred
   * transactions of this event-loop turn: one COMMIT, whose WAL pages (the database header,
   * index and interior pages most members touch) are written once for all of them. `done` is
   * called once, when that COMMIT has ended: with no argument if it succeeded, or with the
   * store's error if it failed, and then nothing of the group was kept. Any other use of the
   * store commits the open group first, so nothing uncommitted is ever read from outside it.
   */
  defer?: <T>(fn: () => T, done: (error?: Error) => void) => T;

  #defer<T>(fn: () => T, done: (error?: Error) => void): T {
    if (this.#depth > 0) throw new Error("defer() inside a transaction");
    if (!this.#group) {
      try {
        this.#s.begin!.run();
      } catch (error) {
        throw sqliteFailure(error, this.path) ?? error;
      }
      this.#group = [];
      setImmediate(() => this.commitPending());
    }
    this.#depth = 1;
    try {
      this.#s.savepoint!.run();
      const result = fn();
      this.#log.flushPending();
      this.#s.release!.run();
      this.#group.push(done);
      return result;
    } catch (error) {
      this.#log.discardPending();
      this.#ids.clear();
      const failure = sqliteFailure(error, this.path) ?? error;
      if (this.#db.isTransaction) {
        try {
          this.#s.rollbackMember!.run();
          this.#s.release!.run();
        } catch {
          // Left for the group's COMMIT (or ROLLBACK) to settle.
        }
      }
      // SQLite rolled the whole transaction back (it may, on SQLITE_FULL or an I/O error): the
      // members before this one are gone too.
      if (!this.#db.isTransaction) this.#endGroup(failure as Error);
      throw failure;
    } finally {
      this.#depth = 0;
    }
  }

  /** Commits the open group, if any. Its members hear how it went; this never throws. */
  commitPending(): void {
    if (!this.#group || this.#depth > 0) return;
    try {
      this.#log.flushPending();
      this.#s.commit!.run();
    } catch (error) {
      this.#endGroup(this.#rollBack(error) as Error);
      return;
    }
    this.#afterCommit();
    this.#endGroup();
  }

  /**
   * A transaction (or a group) failed: rolls back what SQLite has not, forgets what was pending
   * for it, and answers the error to report. SQLite may have rolled back already (it does on
   * SQLITE_FULL and some I/O errors): a ROLLBACK then would throw "no transaction is active"
   * and hide the real error.
   */
  #rollBack(error: unknown): unknown {
    if (this.#db.isTransaction) {
      try {
        this.#s.rollback!.run();
      } catch {
        // The original error says more than a failed rollback; SQLite undoes it on reopen.
      }
    }
    this.#log.discardPending();
    this.#ids.clear(); // ids of rolled-back executions may be handed out again
    return sqliteFailure(error, this.path) ?? error;
  }

  /** Outside a transaction, the open group is committed before anything else is done. */
  #settle(): void {
    // A member's `done` may open the next group (an effect that writes): that one too.
    while (this.#group && this.#depth === 0) this.commitPending();
  }

  /** Tells each member of the group how its COMMIT went; the group is closed first. */
  #endGroup(error?: Error): void {
    const members = this.#group ?? [];
    this.#group = undefined;
    for (const done of members) done(error);
  }

  #afterCommit(): void {
    this.#commits++;
    if (this.#commits >= this.#wal.maxCommits) {
      this.#checkpoint();
      return;
    }
    this.#lastCommitMs = performance.now();
    this.#idleTimer ??= setTimeout(() => this.#whenIdle(), this.#wal.idleMs).unref();
  }

  #whenIdle(): void {
    this.#idleTimer = undefined;
    this.#settle();
    if (!this.#open || this.#commits === 0) return;
    const quietFor = performance.now() - this.#lastCommitMs;
    if (quietFor < this.#wal.idleMs) {
      this.#idleTimer = setTimeout(() => this.#whenIdle(), this.#wal.idleMs - quietFor).unref();
      return;
    }
    this.#checkpoint();
  }

  /** PASSIVE: never waits (this process holds the only connection); a failure waits a turn. */
  #checkpoint(): void {
    try {
      this.#db.exec("PRAGMA wal_checkpoint(PASSIVE)");
      this.#commits = 0;
    } catch {
      // The commits are in the WAL and safe; the next idle moment or commit tries again.
    }
  }

  insertExecution(rec: ExecutionRecord): void {
    this.#settle();
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
    this.#settle();
    const body = JSON.stringify(rec);
    const resume = resumeFlag(rec);
    if (this.#s.updateBody!.run(body, rec.arn, rec.status, resume).changes) return;
    // Only the columns that changed: an index whose columns are not SET is not touched (a
    // spurious rewrite of executions_by_status and executions_to_resume cost 1.5 WAL pages
    // of 4 KiB per commit, ≈14 µs, on a bare loop).
    const old = this.#s.executionFlags!.get(rec.arn) as
      | { status: string; resume: number }
      | undefined;
    if (!old) return;
    if (old.resume === resume) this.#s.updateStatus!.run(rec.status, body, rec.arn);
    else if (old.status === rec.status) this.#s.updateResume!.run(resume, body, rec.arn);
    else this.#s.updateExecution!.run(rec.status, resume, body, rec.arn);
  }
  deleteExecution(arn: string): void {
    this.#settle();
    const exec = this.#executionId(arn);
    if (exec === undefined) return;
    this.#log.deleteExecution(exec);
    this.#s.deleteTimers!.run(arn);
    this.#s.deleteCallbacks!.run(arn);
    this.#s.deleteExecution!.run(arn);
    this.#ids.delete(arn);
  }
  getExecution(arn: string): ExecutionRecord | undefined {
    this.#settle();
    const row = this.#s.getExecution!.get(arn) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as ExecutionRecord) : undefined;
  }
  findExecutionByName(functionName: string, name: string): ExecutionRecord | undefined {
    this.#settle();
    const row = this.#s.findByName!.get(functionName, name) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as ExecutionRecord) : undefined;
  }
  listExecutions(q: ListExecutionsQuery): ExecutionRecord[] {
    this.#settle();
    const anchor = q.after === undefined ? undefined : this.getExecution(q.after);
    const { sql, args } = listExecutionsSql(q, anchor);
    return (this.#db.prepare(sql).all(...args) as { body: string }[]).map(
      (r) => JSON.parse(r.body) as ExecutionRecord,
    );
  }
  listExecutionsToResume(functionName: string): string[] {
    this.#settle();
    return (this.#s.toResume!.all(functionName) as { arn: string }[]).map((r) => r.arn);
  }

  #executionId(arn: string): number | undefined {
    let id = this.#ids.get(arn);
    if (id !== undefined) return id;
    id = (this.#s.executionId!.get(arn) as { id: number } | undefined)?.id;
    if (id === undefined) return undefined;
    if (this.#ids.size >= 256) this.#ids.delete(this.#ids.keys().next().value!);
    this.#ids.set(arn, id);
    return id;
  }
  #requireId(arn: string): number {
    const id = this.#executionId(arn);
    if (id === undefined) throw new Error(`No stored execution ${arn}`);
    return id;
  }

  putOperation(arn: string, op: Operation): void {
    this.#settle();
    this.#log.putOperation(this.#requireId(arn), op);
  }
  getOperation(arn: string, id: string): Operation | undefined {
    this.#settle();
    const exec = this.#executionId(arn);
    return exec === undefined ? undefined : this.#log.getOperation(exec, id);
  }
  listOperations(arn: string): Operation[] {
    this.#settle();
    const exec = this.#executionId(arn);
    return exec === undefined ? [] : this.#log.listOperations(exec);
  }
  listVisibleOperations(arn: string): VisibleOperations {
    this.#settle();
    const exec = this.#executionId(arn);
    return exec === undefined
      ? { operations: [], hiddenIds: new Set() }
      : this.#log.listVisibleOperations(exec);
  }
  compact(arn: string, hide?: Iterable<string>): void {
    const exec = this.#executionId(arn);
    if (exec !== undefined) this.transaction(() => this.#log.compact(exec, hide));
  }

  appendEvents(arn: string, events: Event[]): void {
    this.#settle();
    this.#log.appendEvents(this.#requireId(arn), events);
  }
  listEvents(arn: string, page: EventPage): Event[] {
    this.#settle();
    const exec = this.#executionId(arn);
    return exec === undefined ? [] : this.#log.listEvents(exec, page);
  }
  lastEventId(arn: string): number {
    this.#settle();
    const exec = this.#executionId(arn);
    return exec === undefined ? 0 : this.#log.lastEventId(exec);
  }

  putTimer(t: TimerRecord): void {
    this.#settle();
    this.#s.putTimer!.run(t.arn, t.key, t.kind, t.operationId ?? null, t.dueMs);
  }
  deleteTimer(arn: string, key: string): void {
    this.#settle();
    this.#s.deleteTimer!.run(arn, key);
  }
  deleteTimers(arn: string): void {
    this.#settle();
    this.#s.deleteTimers!.run(arn);
  }
  nextTimerDue(): number | undefined {
    this.#settle();
    const row = this.#s.nextTimer!.get() as { due: number | null } | undefined;
    return row?.due ?? undefined;
  }
  dueTimers(nowMs: number, limit: number): TimerRecord[] {
    this.#settle();
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
    this.#settle();
    this.#s.putCallback!.run(cb.callbackId, cb.arn, cb.operationId, cb.heartbeatSeconds ?? null);
  }
  getCallback(callbackId: string): CallbackRecord | undefined {
    this.#settle();
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
    this.#settle();
    this.#open = false;
    clearTimeout(this.#idleTimer);
    this.#db.close();
  }
}

const resumeFlag = (rec: ExecutionRecord): number =>
  rec.status === "RUNNING" && (rec.wake || rec.inFlight) ? 1 : 0;
