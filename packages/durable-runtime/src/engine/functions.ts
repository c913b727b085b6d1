/** What `register` keeps per function name, and how a reference to a function names one. */

// biome-ignore lint/suspicious/noExplicitAny: handlers take whatever event the SDK wrapper takes.
export type DurableHandler = (event: any, context: any) => Promise<any>;

export interface RegisterOptions {
  /** Execution timeout in seconds (Lambda's `durableConfig.executionTimeout`). */
  executionTimeoutSeconds?: number;
  /**
   * `false`: a standard on-demand Lambda handler, `(event, context, callback?)`, which durable
   * functions may `ctx.invoke` (the official runner's `registerFunction`); its answer or what
   * it throws is the invoke's outcome. It cannot be started as a durable execution.
   */
  durable?: boolean;
}

export interface Registration {
  handler: DurableHandler;
  options: RegisterOptions;
}

export const parseFunctionRef = (ref: string): { functionName: string; qualifier?: string } => {
  // Accepts NAME, NAME:QUALIFIER and full or partial function ARNs.
  const afterFunction = ref.includes("function:") ? ref.slice(ref.indexOf("function:") + 9) : ref;
  const [functionName = "", qualifier] = afterFunction.split(":");
  return { functionName, qualifier };
};
