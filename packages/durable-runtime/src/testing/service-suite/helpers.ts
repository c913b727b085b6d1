import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import type { DurableHandler } from "../../engine/functions.js";
import type { ExpectedEvent } from "./requirement.js";

/** An official-SDK durable handler from a plain async function of (event, context). */
export const durable = <E>(
  fn: (event: E, ctx: DurableContext) => Promise<unknown>,
): DurableHandler => withDurableExecution(fn as never) as DurableHandler;

/** The InvocationCompleted event numbered `id`. */
export const done = (id: number): ExpectedEvent => [`${id} InvocationCompleted`];

/** A JSON payload as the service stores it: the JSON text of `value`. */
export const json = (value: unknown): string => JSON.stringify(value);

/** An error payload whose type and message are anything. */
export const anyError = { Error: { Payload: { ErrorType: "*", ErrorMessage: "*" } } };
