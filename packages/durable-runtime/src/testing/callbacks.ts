import type { DurableRuntime } from "../runtime.js";

/**
 * The id of the newest callback the execution opened (optionally by operation name), read
 * from the history the way an inspector would. Undefined while none is open.
 */
export async function openCallbackId(
  runtime: DurableRuntime,
  executionArn: string,
  name?: string,
): Promise<string | undefined> {
  const { Events } = await runtime.getExecutionHistory(executionArn, { reverseOrder: true });
  const closed = new Set(
    Events.filter((e) =>
      ["CallbackSucceeded", "CallbackFailed", "CallbackTimedOut"].includes(e.EventType ?? ""),
    ).map((e) => e.Id),
  );
  const started = Events.find(
    (e) =>
      e.EventType === "CallbackStarted" &&
      !closed.has(e.Id) &&
      (name === undefined || e.Name === name),
  );
  return started?.CallbackStartedDetails?.CallbackId;
}
