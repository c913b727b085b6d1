/**
 * One requirement of AWS's service conformance suite (aws/aws-durable-execution-conformance-tests,
 * by id), restated in this project's own form: our handler, written from the requirement's
 * prose, and what the service's history and outcome must show, as we read the requirement.
 *
 * Expected events are matched as the suite's runner matches them: by EventId, extra events
 * ignored; in a value, "*" is anything and `{}` is "don't care"; a RegExp tests the value as
 * text; an `#n` in an event's header binds operation ids (the first event naming `#1` binds it,
 * later ones must show the same id). Variables are random strings made per run and handed to
 * the requirement's functions, so expectations are plain template strings.
 */
import type { DurableHandler, RegisterOptions } from "../../engine/functions.js";

export type Vars = Record<string, string>;

/**
 * `"<EventId> <EventType> [SubType] [#id] [^parentId] [name=<Name>]"` (`name=*`: any name, but
 * one), plus the details to match.
 */
export type ExpectedEvent = readonly [header: string, details?: Record<string, unknown>];

export interface CallbackAction {
  /** The CallbackStarted event's Name: exact, "*" for any, or a RegExp. */
  name: string | RegExp;
  send: "success" | "failure" | "heartbeat";
  /** success: the JSON value sent as Result; failure: the ErrorObject. */
  payload?: unknown;
  /** Seconds the sender waits before sending (durable time here: the clock moves). */
  delaySeconds?: number;
}

export interface Requirement {
  /** The suite's requirement id, e.g. "1-8". */
  id: string;
  /** Our handler for it (official SDK), registered as the function the runner invokes. */
  handler: (vars: Vars, records: LogRecord[]) => DurableHandler;
  /** Other functions the handler invokes, by name (durable unless `{durable: false}`). */
  targets?: Record<string, [DurableHandler, RegisterOptions?]>;
  registerOptions?: RegisterOptions;
  /** Names of random variables the requirement uses. */
  vars?: string[];
  input?: (vars: Vars) => unknown;
  /** Absent: the history alone decides, and the runner stops once it matches. */
  outcome?: (vars: Vars) => { status: string; result?: unknown };
  callbacks?: (vars: Vars) => CallbackAction[];
  history: (vars: Vars) => ExpectedEvent[];
  /**
   * What the handler's records must show (the suite's ExpectedLogs, which the service's runner
   * reads from CloudWatch: here the handler writes them to `records`); `ids` holds the
   * operation ids the history bound (`#n` → id).
   */
  logs?: (vars: Vars, ids: ReadonlyMap<string, unknown>) => LogExpectation[];
  /**
   * A requirement that does not pass here, why, and the mismatches it shows (each error must
   * match one of them, and there must be some: the test notices when it starts to pass).
   */
  gap?: { why: string; errors: RegExp[] };
  /** What of the requirement is not checked here (CloudWatch log records), and why. */
  unchecked?: string;
}

/** Requirements of the suite that are not run here, with the reason. */
export interface NotCheckable {
  id: string;
  why: string;
}

/** One record a handler or its instrumentation plugin wrote (a log line as a JSON object). */
export type LogRecord = Record<string, unknown>;

/**
 * Records matching every field of `match` (exact, or a RegExp tested on the text): exactly
 * `count` of them (at least one when absent), all after every record matching `after`.
 */
export interface LogExpectation {
  match: Record<string, unknown>;
  count?: number;
  after?: Record<string, unknown>;
}
