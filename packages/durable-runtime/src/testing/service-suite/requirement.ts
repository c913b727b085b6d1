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
  handler: (vars: Vars) => DurableHandler;
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
  /** What of the requirement is not checked here (CloudWatch log records), and why. */
  unchecked?: string;
}

/** Requirements of the suite that are not run here, with the reason. */
export interface NotCheckable {
  id: string;
  why: string;
}
