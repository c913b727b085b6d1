import { createRequire, syncBuiltinESMExports } from "node:module";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { afterEach, expect, it } from "vitest";
import type { DurableRuntime } from "./runtime.js";
import { MemoryStore } from "./store/memory-store.js";
import { manualRuntime } from "./testing/fixture.js";
import { sequentialSteps } from "./testing/handlers.js";

// node:console's own exports (the test runner replaces the global console).
const consoleModule = createRequire(import.meta.url)(
  "node:console",
) as typeof import("node:console");

let runtime: DurableRuntime;
afterEach(() => runtime?.close());

// SDK 2.4.0 makes three DefaultLoggers per invocation and each built a node:console Console
// at once (≈20 µs of CPU each, 15 per order in the shop), logging or not.
// patches/@aws__durable-execution-sdk-js@2.4.0.patch builds it on the first log call.
// Counted, not timed: Consoles built, by swapping node:console's class for a counting one.
it("the SDK builds a Console only when a handler logs (SDK patch)", async () => {
  const { Console } = consoleModule;
  let built = 0;
  class CountingConsole extends Console {
    constructor(...args: ConstructorParameters<typeof Console>) {
      super(...args);
      built++;
    }
  }
  const write = process.stderr.write;
  let written = "";
  consoleModule.Console = CountingConsole as typeof Console;
  syncBuiltinESMExports();
  try {
    ({ runtime } = manualRuntime(new MemoryStore()));
    runtime.register("steps", sequentialSteps);
    runtime.register(
      "logs",
      withDurableExecution(async (_event: unknown, ctx) => {
        ctx.logger.warn("a line from the handler");
        return "logged";
      }),
    );

    const quiet = await runtime.startExecution({ functionName: "steps", input: { count: 5 } });
    await runtime.settle();
    expect((await runtime.getExecution(quiet.executionArn)).Status).toBe("SUCCEEDED");
    expect(built).toBe(0); // unpatched: 3

    process.stderr.write = ((chunk: string | Uint8Array) => {
      written += chunk.toString();
      return true;
    }) as typeof process.stderr.write;
    const loud = await runtime.startExecution({ functionName: "logs", input: {} });
    await runtime.settle();
    process.stderr.write = write;
    expect((await runtime.getExecution(loud.executionArn)).Status).toBe("SUCCEEDED");
    expect(built).toBe(1);
    expect(written).toContain("a line from the handler");
  } finally {
    process.stderr.write = write;
    consoleModule.Console = Console;
    syncBuiltinESMExports();
  }
});
