import { defineProject } from "vitest/config";

export default defineProject({
  // Generous timeouts: a real dynalite per test file, on a busy 2-core machine.
  test: {
    name: "data",
    include: ["src/**/*.test.ts"],
    // Files share a worker and its loaded modules (none of them changes process-wide state)
    // instead of importing every module afresh per file: less CPU for the same tests.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
