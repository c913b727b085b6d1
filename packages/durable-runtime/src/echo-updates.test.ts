import { afterEach, expect, it } from "vitest";
import type { DurableRuntime } from "./runtime.js";
import { MemoryStore } from "./store/memory-store.js";
import { manualRuntime } from "./testing/fixture.js";
import { sequentialSteps } from "./testing/handlers.js";

let runtime: DurableRuntime;
afterEach(() => runtime?.close());

// With echoUpdates every checkpoint answer carries the operations it updated, and the SDK
// handles each such answer. SDK 2.4.0 built a debug log's argument eagerly there,
// Object.keys(stepData) over every operation it holds, on every answer, log off or not: echo
// was quadratic in the number of steps (1.7x CPU at 1,000 steps, 2.6x at 3,000).
// patches/@aws__durable-execution-sdk-js@2.4.0.patch makes that argument lazy, as the SDK's
// other log calls already are. Counted here, not timed: the calls that walk a large map.
it("the SDK does not walk its whole state on each echoed answer (SDK patch)", async () => {
  ({ runtime } = manualRuntime(new MemoryStore(), { echoUpdates: true }));
  runtime.register("steps", sequentialSteps);
  const keys = Object.keys;
  let walks = 0;
  Object.keys = (o: object) => {
    const out = keys(o);
    if (out.length >= 200) walks++;
    return out;
  };
  try {
    const { executionArn } = await runtime.startExecution({
      functionName: "steps",
      input: { count: 400 },
    });
    await runtime.settle();
    expect((await runtime.getExecution(executionArn)).Status).toBe("SUCCEEDED");
  } finally {
    Object.keys = keys;
  }
  // 200 steps past the threshold, one answer each: unpatched, about 200 walks.
  expect(walks).toBeLessThan(20);
});
