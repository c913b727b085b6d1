import { defineProject } from "vitest/config";

export default defineProject({
  // Generous timeouts: a real dynalite per test file, on a busy 2-core machine.
  test: {
    name: "data",
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
