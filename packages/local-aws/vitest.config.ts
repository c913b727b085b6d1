import { defineProject } from "vitest/config";

export default defineProject({
  // Generous timeouts: servers in processes of their own, on a busy 2-core machine.
  test: {
    name: "local-aws",
    include: ["src/**/*.test.ts"],
    // Files share a worker and its loaded modules (none of them changes process-wide state)
    // instead of importing every module afresh per file: less CPU for the same tests.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll gives up after 1 s by default: a deadline a busy machine misses. Poll for
    // longer; a condition that never holds still fails, within the test's own timeout.
    expect: { poll: { timeout: 20_000 } },
  },
});
