import { randomBytes } from "node:crypto";
import {
  type Event,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { MemoryStore } from "../../store/memory-store.js";
import { startHttpFace } from "../http-face.js";
import { matchHistory, matchLogs } from "./match.js";
import type { CallbackAction, LogRecord, Requirement, Vars } from "./requirement.js";

const FINAL = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"]);

export interface RunOptions {
  /** The runtime answers checkpoints with every update (`echoUpdates`). */
  echoUpdates?: boolean;
}

/**
 * Runs one requirement as the suite's runner would against the service, here against the
 * runtime's HTTP face on loopback through `@aws-sdk/client-lambda`: an Event Invoke of our
 * handler, then rounds of "let it run, read the history, act on new callbacks", with the
 * manual clock moved to the next durable timer when nothing else can happen (waits of an hour
 * take no time). Ends when the execution finishes, or, for a requirement without an expected
 * outcome, as soon as its history matches. Returns the mismatches (empty: it passes).
 */
export async function runRequirement(
  req: Requirement,
  options: RunOptions = {},
): Promise<string[]> {
  const face = await startHttpFace(new MemoryStore(), { echoUpdates: options.echoUpdates });
  const { runtime, clock, lambda } = face;
  try {
    const vars: Vars = {};
    for (const name of req.vars ?? []) vars[name] = randomBytes(6).toString("hex");
    const fn = `req-${req.id}`;
    const records: LogRecord[] = [];
    runtime.register(fn, req.handler(vars, records), req.registerOptions);
    for (const [name, [handler, opts]] of Object.entries(req.targets ?? {})) {
      runtime.register(name, handler, opts);
    }
    const input = req.input?.(vars);
    const invoked = await lambda.send(
      new InvokeCommand({
        FunctionName: fn,
        Qualifier: "$LATEST",
        InvocationType: "Event",
        Payload: new TextEncoder().encode(JSON.stringify(input ?? null)),
      }),
    );
    const arn = invoked.DurableExecutionArn;
    if (!arn) return ["the Invoke answer names no durable execution"];
    const expected = req.history(vars);
    const outcome = req.outcome?.(vars);
    const actions = req.callbacks?.(vars) ?? [];
    const used = new Set<number>();
    const handled = new Set<string>();
    const errors: string[] = [];
    let events: Event[] = [];
    for (let round = 0; round < 200; round++) {
      await runtime.settle();
      events = await readHistory(face.lambda, arn);
      inheritWaitForCallbackNames(events);
      const { Status } = await lambda.send(
        new GetDurableExecutionCommand({ DurableExecutionArn: arn }),
      );
      if (FINAL.has(Status ?? "")) break;
      if (!outcome && matchHistory(expected, events).length === 0) return [];
      let acted = false;
      for (const started of events) {
        if (started.EventType !== "CallbackStarted") continue;
        const callbackId = started.CallbackStartedDetails?.CallbackId ?? "";
        if (!callbackId || handled.has(callbackId)) continue;
        const index = actions.findIndex((a, i) => !used.has(i) && nameMatches(a, started.Name));
        if (index < 0) {
          if (actions.length) errors.push(`no callback action for ${started.Name ?? "(unnamed)"}`);
          handled.add(callbackId);
          continue;
        }
        const action = actions[index]!;
        used.add(index);
        // A heartbeat keeps the callback open for the action that ends it.
        if (action.send !== "heartbeat") handled.add(callbackId);
        if (action.delaySeconds) {
          clock.advance(action.delaySeconds * 1000);
          await runtime.settle();
        }
        try {
          await sendCallback(face.lambda, callbackId, action);
        } catch (error) {
          errors.push(`${action.send} for ${started.Name}: ${(error as Error).name}`);
        }
        acted = true;
        break; // read the history again before the next action
      }
      if (acted) continue;
      const next = runtime.store.nextTimerDue();
      if (next === undefined) {
        errors.push("the execution waits for nothing the runner can give it");
        break;
      }
      clock.set(Math.max(next, clock.now()));
    }
    inheritWaitForCallbackNames(events);
    const ids = new Map<string, unknown>();
    errors.push(...matchHistory(expected, events, ids));
    if (req.logs) errors.push(...matchLogs(req.logs(vars, ids), records));
    if (outcome) {
      const done = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      if (done.Status !== outcome.status) {
        errors.push(`status ${done.Status}, expected ${outcome.status}`);
      } else if (done.Status === "SUCCEEDED" && "result" in outcome) {
        const result = parseResult(done.Result);
        if (JSON.stringify(result) !== JSON.stringify(outcome.result)) {
          errors.push(
            `result ${JSON.stringify(result)}, expected ${JSON.stringify(outcome.result)}`,
          );
        }
      }
    }
    return errors;
  } finally {
    await face.close();
  }
}

const nameMatches = (action: CallbackAction, name: string | undefined): boolean =>
  action.name === "*" ||
  (action.name instanceof RegExp ? action.name.test(name ?? "") : action.name === name);

const parseResult = (text: string | undefined): unknown => {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

async function readHistory(
  lambda: Awaited<ReturnType<typeof startHttpFace>>["lambda"],
  arn: string,
): Promise<Event[]> {
  const events: Event[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(
      new GetDurableExecutionHistoryCommand({
        DurableExecutionArn: arn,
        IncludeExecutionData: true,
        Marker: marker,
      }),
    );
    events.push(...(page.Events ?? []));
    marker = page.NextMarker;
  } while (marker);
  return events;
}

async function sendCallback(
  lambda: Awaited<ReturnType<typeof startHttpFace>>["lambda"],
  CallbackId: string,
  action: CallbackAction,
): Promise<void> {
  if (action.send === "heartbeat") {
    await lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId }));
  } else if (action.send === "success") {
    await lambda.send(
      new SendDurableExecutionCallbackSuccessCommand({
        CallbackId,
        Result:
          action.payload === undefined
            ? undefined
            : new TextEncoder().encode(JSON.stringify(action.payload)),
      }),
    );
  } else {
    await lambda.send(
      new SendDurableExecutionCallbackFailureCommand({
        CallbackId,
        Error: action.payload as never,
      }),
    );
  }
}

/**
 * The suite's runner gives the callback and step events inside a waitForCallback context the
 * context's name when the history leaves theirs out (newer service histories do): the same
 * here, so callback actions and expectations find them by that name.
 */
function inheritWaitForCallbackNames(events: Event[]): void {
  const byId = new Map(events.filter((e) => e.Id).map((e) => [e.Id, e]));
  for (const e of events) {
    if (
      e.Name ||
      !["CallbackStarted", "StepStarted", "StepSucceeded"].includes(e.EventType ?? "")
    ) {
      continue;
    }
    const parent = e.ParentId ? byId.get(e.ParentId) : undefined;
    if (parent?.SubType === "WaitForCallback" && parent.Name) e.Name = parent.Name;
  }
}
