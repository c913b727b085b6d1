import { randomUUID } from "node:crypto";
import { formatExecutionArn } from "../arn.js";
import type { Clock } from "../clock.js";
import { MAX_DURATION_SECONDS } from "../lambda-limits.js";
import type { ExecutionStore } from "../store/execution-store.js";
import type { ExecutionRecord } from "../types.js";
import { Mutation } from "./mutation.js";
import type { RuntimeIdentity } from "./state-view.js";

/** A new execution's record (not written yet), due for its first invocation. */
export function newExecution(
  identity: RuntimeIdentity,
  clock: Clock,
  p: {
    functionName: string;
    qualifier: string;
    name: string;
    inputPayload: string;
    timeoutSeconds?: number;
    parent?: ExecutionRecord["parent"];
  },
): ExecutionRecord {
  const id = randomUUID();
  return {
    arn: formatExecutionArn({
      region: identity.region,
      accountId: identity.accountId,
      functionName: p.functionName,
      qualifier: p.qualifier,
      executionName: p.name,
      executionId: id,
    }),
    functionName: p.functionName,
    qualifier: p.qualifier,
    name: p.name,
    status: "RUNNING",
    rootOperationId: id,
    inputPayload: p.inputPayload,
    startMs: clock.now(),
    timeoutSeconds: p.timeoutSeconds,
    invocationCount: 0,
    failedInvocations: 0,
    wake: true,
    inFlight: false,
    updatedOperationIds: [],
    parent: p.parent,
  };
}

/**
 * Writes a new execution, its EXECUTION operation, its first event and its timeout, inside the
 * caller's transaction.
 */
export function insertExecution(store: ExecutionStore, clock: Clock, rec: ExecutionRecord): void {
  store.insertExecution(rec);
  const m = new Mutation(store, clock, rec, undefined);
  m.put({
    Id: rec.rootOperationId,
    Type: "EXECUTION",
    Status: "STARTED",
    StartTimestamp: new Date(rec.startMs),
    ExecutionDetails: { InputPayload: rec.inputPayload },
  });
  m.event({
    EventType: "ExecutionStarted",
    Id: rec.rootOperationId,
    Name: rec.name,
    ExecutionStartedDetails: {
      Input: { Payload: rec.inputPayload },
      // Required by Lambda's model; a function registered without a timeout reports the
      // longest one Lambda allows (366 days), the nearest thing to "none".
      ExecutionTimeout: rec.timeoutSeconds ?? MAX_DURATION_SECONDS,
    },
  });
  if (rec.timeoutSeconds) {
    m.timer("EXECUTION_TIMEOUT", undefined, rec.startMs + rec.timeoutSeconds * 1000);
  }
  m.flush();
}
