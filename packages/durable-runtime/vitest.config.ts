import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "durable-runtime",
    include: ["src/**/*.test.ts"],
    // Files share a worker and its loaded modules (none of them changes process-wide state)
    // instead of importing every module afresh per file: less CPU for the same tests.
    isolate: false,
    // The crash test spawns real Node processes; everything else runs on a manual clock.
    testTimeout: 30_000,
    // expect.poll gives up after 1 s by default: a deadline a busy machine misses. Poll for
    // longer; a condition that never holds still fails, within the test's own timeout.
    expect: { poll: { timeout: 20_000 } },
  },
});
