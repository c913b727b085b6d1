/**
 * The bench's DynamoDB server, metered: the dynalite process the stack runs (`startLocalDynamo`),
 * with the meter of `dynamo-meter-hook.ts` preloaded into it. The stack under test is pointed at
 * it with `AWS_ENDPOINT_URL_DYNAMODB`, as it would be pointed at any DynamoDB; requests reach
 * dynalite directly, with no proxy in between. Bench code only.
 */
import { fileURLToPath } from "node:url";
import { type LocalDynamo, startLocalDynamo } from "@coffee/local-aws";
import type { DynamoTally } from "./dynamo-tally.js";

export type { DynamoTally } from "./dynamo-tally.js";

const HOOK = fileURLToPath(new URL("./dynamo-meter-hook.js", import.meta.url));

export class DynamoMeter {
  readonly #dynamo: LocalDynamo;

  private constructor(dynamo: LocalDynamo) {
    this.#dynamo = dynamo;
  }

  static async start(dataDir: string): Promise<DynamoMeter> {
    return new DynamoMeter(await startLocalDynamo({ dataDir, execArgv: ["--import", HOOK] }));
  }

  get endpoint(): string {
    return this.#dynamo.endpoint;
  }

  /** The server's process: its CPU is the DynamoDB server's, the meter's own time aside. */
  get pid(): number {
    return this.#dynamo.pid;
  }

  /** What was counted since the last reset. */
  tally(): Promise<DynamoTally> {
    return this.#ask("GET");
  }

  async reset(): Promise<void> {
    await this.#ask("DELETE");
  }

  close(): Promise<void> {
    return this.#dynamo.close();
  }

  async #ask(method: "GET" | "DELETE"): Promise<DynamoTally> {
    const res = await fetch(`${this.#dynamo.endpoint}/__meter`, { method });
    if (!res.ok) throw new Error(`the DynamoDB meter answered ${res.status}`);
    return (await res.json()) as DynamoTally;
  }
}
