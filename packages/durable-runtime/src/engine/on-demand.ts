import type { ErrorObject } from "../types.js";
import type { InvocationOutput } from "./invocation-input.js";

/** An error as Lambda reports a function error: its name, message and stack. */
export const errorObject = (error: unknown): ErrorObject => {
  if (error instanceof Error) {
    return {
      ErrorType: error.name,
      ErrorMessage: error.message,
      StackTrace: error.stack?.split("\n").slice(1, 11),
    };
  }
  return { ErrorType: "Error", ErrorMessage: String(error) };
};

// biome-ignore lint/suspicious/noExplicitAny: a Lambda handler takes any event and context.
type OnDemandHandler = (event: any, context: any, callback: any) => unknown;

/**
 * Runs an on-demand (non-durable) Lambda handler as the target of a chained invoke, which
 * the service allows (`ctx.invoke` of "durable functions and standard on-demand Lambda
 * functions"): it gets the payload as its event, answers by its promise or by Node's
 * callback, and its answer (or what it threw) is the operation's result (or error). A
 * function error is final: it is the invoke's outcome, not a reason to invoke again.
 */
export async function invokeOnDemand(
  handler: OnDemandHandler,
  payload: string,
  context: unknown,
): Promise<InvocationOutput> {
  try {
    const value = await new Promise((resolve, reject) => {
      const done = (error: unknown, result?: unknown) => (error ? reject(error) : resolve(result));
      const returned = handler(payload ? JSON.parse(payload) : {}, context, done);
      if (returned instanceof Promise) returned.then(resolve, reject);
    });
    // Lambda's Node.js runtime answers `null` for a handler that returns nothing.
    return { Status: "SUCCEEDED", Result: JSON.stringify(value ?? null) };
  } catch (error) {
    return { Status: "FAILED", Error: errorObject(error) };
  }
}
