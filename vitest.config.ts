import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest, longest first: most of their time is waiting (a customer timeout
 * across `kill -9` restarts, a browser, child processes), so the rest of the suite runs beside
 * them instead of after them. Measured per file with `vitest run --reporter=json`.
 */
const SLOW_FIRST = [
  "apps/local-stack/src/faults/crash-under-load.integration.test.ts",
  "apps/barista-web/e2e/coffee-bar.e2e.test.ts",
  "packages/local-aws/src/local-dynamo.integration.test.ts",
  "apps/orders-workflow/src/orders-workflow.integration.test.ts",
  // Busy on both cores while it runs: not beside the crash test's restarts.
  "apps/local-stack/src/faults/concurrent-orders.integration.test.ts",
  "packages/local-aws/src/dynalite-iterators.integration.test.ts",
  "packages/local-aws/src/dynalite-tokens.integration.test.ts",
  "packages/durable-runtime/src/faults/handler-faults.test.ts",
  "apps/local-stack/src/runtime-thread.integration.test.ts",
  "apps/orders-workflow/src/orders-workflow.restarts.integration.test.ts",
  "apps/local-stack/src/staff-passwords.integration.test.ts",
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep Vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// One Vitest run across the workspace: each package is a project with its own config.
export default defineConfig({
  test: {
    projects: [
      "apps/*/vitest.config.ts",
      "apps/*/vitest.e2e.config.ts",
      "packages/*/vitest.config.ts",
      "packages/*/vitest.e2e.config.ts",
      "bench/*/vitest.config.ts",
      "infra/vitest.config.{ts,mts}",
    ],
    // Vitest's default is one file at a time on 2 cores (CPUs - 1). Most files spend much of
    // their time waiting on servers, child processes, a browser or timers, so three at once
    // keep both cores busy, and on a machine busy with other work take a fairer share of it.
    maxWorkers: 3,
    sequence: { sequencer: SlowFirst },
  },
});
