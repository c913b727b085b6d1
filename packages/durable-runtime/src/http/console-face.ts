import type { RuntimeFace } from "./runtime-face.js";

/**
 * What the console needs beyond the Lambda API: the registered functions (Lambda lists them
 * with ListFunctions, which this runtime does not serve) and durable time control for one
 * operation. `DurableRuntime` satisfies it as it is.
 */
export interface ConsoleFace extends RuntimeFace {
  listFunctions(): { name: string; durable: boolean }[];
  fireNow(arn: string, operationId: string): Promise<{ fired: "WAIT" | "RETRY" }>;
}

export interface ConsoleOptions {
  runtime: ConsoleFace;
  /** The console's built files (`@coffee/console`'s `consoleAssetsDir`); the API alone if left out. */
  assetsDir?: string;
}
