/**
 * Replay as a test: runs a handler against a recorded history (the console's "Export history",
 * `GET /console/api/durable-executions/{arn}/fixture`) the way Lambda replays an execution, and
 * fails with the first operation the current code does differently: its name, type and
 * position. No step runs: every recorded operation answers from the history, and one more
 * operation, recorded as finished, waits after the last of each parent, so code that goes
 * further than the recording meets it as a mismatch instead of running a new step.
 */
import { randomUUID } from "node:crypto";
import type { Event, Operation } from "@aws-sdk/client-lambda";
import type { DurableHandler } from "../../engine/functions.js";
import { DurableExecutionInvocationInputWithClient } from "../../engine/invocation-input.js";
import {
  operationIdOf,
  type RecordedOperation,
  recordedOperations,
} from "./recorded-operations.js";

/**
 * What `replayHistory` takes: the exported fixture as JSON gives it (timestamps as strings),
 * or `{execution, events}` from client-lambda's `GetDurableExecution` and history.
 */
export interface RecordedHistory {
  execution: { DurableExecutionArn?: string; Status?: string; Result?: string };
  /** Lambda `Event`s, oldest first, with execution data. */
  events: readonly object[];
}

/** Where the current code parts from the recording. */
export interface Divergence {
  /** The SDK's step id: "3" is the third operation at the top, "2-1" the first inside the second. */
  position: string;
  /** What the recording has there (none past its end). */
  recorded?: { name?: string; type?: string; subType?: string };
  /** What the SDK said about the code's operation. */
  detail: string;
}

/** The replay found code that does not replay the recorded history. */
export class NonDeterministicReplayError extends Error {
  override readonly name = "NonDeterministicReplayError";
  constructor(readonly divergence: Divergence) {
    const at = divergence.recorded
      ? `${divergence.recorded.type} "${divergence.recorded.name ?? "(unnamed)"}" at position ${divergence.position}`
      : `position ${divergence.position}, past the end of the recording`;
    super(`Replay diverges at ${at}: ${divergence.detail}`);
  }
}

export interface ReplayOutcome {
  /** PENDING: the code stopped where the recording stops (an execution recorded while running). */
  status: "SUCCEEDED" | "FAILED" | "PENDING";
  result?: string;
}

const PAST_THE_END = "ReplayEnd";

export async function replayHistory(
  handler: DurableHandler,
  recording: RecordedHistory,
): Promise<ReplayOutcome> {
  const recorded = recordedOperations(recording.events as Event[]);
  const byPosition = new Map(recorded.flatMap((r) => (r.position ? [[r.position, r]] : [])));
  const operations = [...recorded.map(replayable), ...pastTheEnd(recorded)];
  const arn = recording.execution.DurableExecutionArn ?? "arn:replay";
  const updates: string[] = [];
  const client = {
    async checkpoint(params: { Updates?: { Id?: string; Action?: string }[] }) {
      for (const u of params.Updates ?? []) updates.push(`${u.Action} ${u.Id}`);
      return { CheckpointToken: randomUUID(), NewExecutionState: { Operations: [] } };
    },
    async getExecutionState() {
      return { Operations: [] };
    },
  };
  const input = new DurableExecutionInvocationInputWithClient(
    client,
    arn,
    randomUUID(),
    { Operations: operations },
    [],
  );
  const output = (await handler(input, replayContext())) as {
    Status: ReplayOutcome["status"];
    Result?: string;
    Error?: { ErrorType?: string; ErrorMessage?: string };
  };

  const message = output.Error?.ErrorMessage ?? "";
  const mismatch = /Non-deterministic execution detected: (.*?) for step "([^"]+)"\.\s*(.*)/s.exec(
    message,
  );
  if (output.Status === "FAILED" && mismatch) {
    const [, what = "", position = "", detail = ""] = mismatch;
    const at = byPosition.get(position);
    throw new NonDeterministicReplayError({
      position,
      recorded: at ? describe(at.operation) : undefined,
      detail: at ? `${what}: ${detail.split(". This")[0]}` : "the code goes on past the recording",
    });
  }

  const recordedStatus = recording.execution.Status ?? "RUNNING";
  if (recordedStatus === "RUNNING" && output.Status !== "PENDING") {
    const open = recorded.find((r) => r.operation.Type !== "EXECUTION" && !isDone(r.operation));
    throw new NonDeterministicReplayError({
      position: open?.position ?? "?",
      recorded: open ? describe(open.operation) : undefined,
      detail: `the code ${output.Status} without reaching this operation, where the recording waits`,
    });
  }
  if (recordedStatus === "SUCCEEDED" && output.Status === "SUCCEEDED") {
    if (!sameJson(output.Result, recording.execution.Result)) {
      throw new Error(
        `Replay returns ${output.Result} where the recording returned ${recording.execution.Result}`,
      );
    }
  } else if (recordedStatus !== "RUNNING" && output.Status !== recordedStatus) {
    throw new Error(
      `Replay ends ${output.Status} where the recording ended ${recordedStatus}${output.Error ? ` (${output.Error.ErrorType}: ${message})` : ""}`,
    );
  }
  return {
    status: output.Status,
    result: output.Result,
  };
}

/**
 * An operation the recording left open is handed over as PENDING: a step as waiting to retry
 * (not run again), and anything else the same, so that a step the code puts in its place
 * waits for a retry instead of running.
 */
function replayable({ operation }: RecordedOperation): Operation {
  if (operation.Status !== "STARTED" || operation.Type === "EXECUTION") return operation;
  return {
    ...operation,
    Status: "PENDING",
    StepDetails: { ...operation.StepDetails, NextAttemptTimestamp: new Date(8.64e15) },
  };
}

/** One finished operation of no real type after the last child of the top and of each context. */
function pastTheEnd(recorded: RecordedOperation[]): Operation[] {
  const count = new Map<string, number>();
  const parents = new Set<string>([""]);
  for (const { operation, position } of recorded) {
    if (!position) continue;
    const dash = position.lastIndexOf("-");
    const parent = dash < 0 ? "" : position.slice(0, dash);
    const n = Number(position.slice(dash + 1));
    count.set(parent, Math.max(count.get(parent) ?? 0, n));
    if (operation.Type === "CONTEXT") parents.add(position);
  }
  return [...parents].map((parent) => {
    const position = `${parent ? `${parent}-` : ""}${(count.get(parent) ?? 0) + 1}`;
    const operation = {
      Id: operationIdOf(position),
      ParentId: parent ? operationIdOf(parent) : undefined,
      Type: PAST_THE_END,
      Name: PAST_THE_END,
      Status: "SUCCEEDED",
    };
    return operation as Operation; // a Type no operation has, on purpose
  });
}

const describe = (op: Operation) => ({ name: op.Name, type: op.Type, subType: op.SubType });

const isDone = (op: Operation) =>
  op.Status !== "STARTED" && op.Status !== "PENDING" && op.Status !== "READY";

function sameJson(a: string | undefined, b: string | undefined): boolean {
  try {
    return JSON.stringify(JSON.parse(a ?? "null")) === JSON.stringify(JSON.parse(b ?? "null"));
  } catch {
    return a === b;
  }
}

function replayContext() {
  return {
    awsRequestId: randomUUID(),
    functionName: "replay",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:replay",
    memoryLimitInMB: "1024",
    logGroupName: "/aws/lambda/replay",
    logStreamName: "replay",
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 60_000,
    done() {},
    fail() {},
    succeed() {},
  };
}
