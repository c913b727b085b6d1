/**
 * Cancelled transactions. DynamoDB cancels a transaction that touches an item another transaction is writing at the same
 * moment (`TransactionConflict`), rather than making it wait. The admission and settlement
 * transactions all touch one hot item (the queue count), so a busy shop meets this in AWS: such a
 * transaction is tried again after a short random pause. (A cancellation that names a failed
 * condition is an answer, not a conflict, and is never retried.)
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";

const ATTEMPTS = 8;

function isConflictOnly(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? "None");
  return codes.includes("TransactionConflict") && !codes.includes("ConditionalCheckFailed");
}

export async function withConflictRetries<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isConflictOnly(error)) throw error;
      // Full jitter over a window that doubles: 10, 20, 40, ... ms.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}

/**
 * Whether part `part` of a cancelled transaction failed its condition, and the item as it was
 * then (when the part asked for `ReturnValuesOnConditionCheckFailure: ALL_OLD` and it existed).
 * Undefined for any other error or part.
 */
export function failedCondition(
  error: unknown,
  part: number,
): { item: Record<string, unknown> | undefined } | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reason = error.CancellationReasons?.[part];
  if (reason?.Code !== "ConditionalCheckFailed") return undefined;
  const raw = reason.Item;
  return { item: raw ? unmarshall(raw as Parameters<typeof unmarshall>[0]) : undefined };
}
