import type {
  CallbackRecord,
  Event,
  EventPage,
  ExecutionRecord,
  ListExecutionsQuery,
  Operation,
  TimerRecord,
} from "../types.js";

/**
 * Where the runtime keeps everything. Synchronous on purpose: the embedded stores (SQLite via
 * node:sqlite, memory) answer in microseconds, and a synchronous store makes every checkpoint
 * one atomic step with no interleaving inside the process. A shared store for several runtime
 * processes (DynamoDB) would need an async twin of this interface plus leases and fencing
 * tokens; the engine already funnels every write through `transaction`.
 */
export interface VisibleOperations {
  operations: Operation[];
  hiddenIds: Set<string>;
  unmoved?: string[];
}

export interface ExecutionStore {
  /** Runs `fn` atomically: all of its writes land, or none. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T;
  /**
   * Optional group commit: runs `fn` at once and atomically (a throw undoes its writes alone
   * and comes back from here), and commits it together with the other deferred transactions
   * of this event-loop turn. `done` is called once that COMMIT has ended: with no argument
   * when `fn`'s writes are durable, with the store's error when it failed (nothing of `fn` was
   * kept). Whatever else the store is asked commits the open group first. Not inside a
   * transaction.
   */
  defer?<T>(fn: () => T, done: (error?: Error) => void): T;
  /** Optional, with `defer`: commits the open group now (its members hear how it went). */
  commitPending?(): void;

  insertExecution(rec: ExecutionRecord): void;
  updateExecution(rec: ExecutionRecord): void;
  getExecution(arn: string): ExecutionRecord | undefined;
  /** DeleteDurableExecution's end: the execution and everything stored for it. */
  deleteExecution(arn: string): void;
  findExecutionByName(functionName: string, name: string): ExecutionRecord | undefined;
  /** Ordered by start time then ARN; `after` is the ARN of the last row of the previous page. */
  listExecutions(query: ListExecutionsQuery): ExecutionRecord[];
  /** Running executions whose invocation was due or in flight (crash recovery). */
  listExecutionsToResume(functionName: string): string[];

  /** Inserts or replaces one operation; insertion order is kept for replay. */
  putOperation(arn: string, op: Operation): void;
  getOperation(arn: string, id: string): Operation | undefined;
  listOperations(arn: string): Operation[];
  /**
   * Optional: the operations a new invocation needs, leaving out (without decoding them) the
   * children of finished CONTEXTs that the handler never sees; their ids come back in
   * `hiddenIds` so a rare lookup of one can still go to the store. `unmoved` names those of
   * them not yet set aside by `compact` (it is given them back).
   */
  listVisibleOperations?(arn: string): VisibleOperations;
  /**
   * Optional housekeeping when an invocation ends (the SQLite store folds its log here).
   * `hide`: operations the handler can no longer see, which later loads may skip.
   */
  compact?(arn: string, hide?: Iterable<string>): void;

  appendEvents(arn: string, events: Event[]): void;
  listEvents(arn: string, page: EventPage): Event[];
  lastEventId(arn: string): number;

  putTimer(timer: TimerRecord): void;
  deleteTimer(arn: string, key: string): void;
  deleteTimers(arn: string): void;
  nextTimerDue(): number | undefined;
  dueTimers(nowMs: number, limit: number): TimerRecord[];

  putCallback(cb: CallbackRecord): void;
  getCallback(callbackId: string): CallbackRecord | undefined;

  close(): void;
}
