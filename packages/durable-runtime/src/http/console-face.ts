import type { RuntimeCounts } from "../runtime.js";
import type { RuntimeFace } from "./runtime-face.js";

/**
 * What the console needs beyond the Lambda API: the registered functions (Lambda lists them
 * with ListFunctions, which this runtime does not serve) and durable time control for one
 * operation, and what the runtime has been asked (checkpoint calls). `DurableRuntime` satisfies
 * it as it is.
 */
export interface ConsoleFace extends RuntimeFace {
  listFunctions(): { name: string; durable: boolean }[];
  readonly counts: Readonly<RuntimeCounts>;
  fireNow(arn: string, operationId: string): Promise<{ fired: "WAIT" | "RETRY" }>;
}

export interface ConsoleOptions {
  runtime: ConsoleFace;
  /** The console's built files (`@coffee/console`'s `consoleAssetsDir`); the API alone if left out. */
  assetsDir?: string;
}
