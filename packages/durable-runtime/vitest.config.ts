import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "durable-runtime",
    include: ["src/**/*.test.ts"],
    // The crash test spawns real Node processes; everything else runs on a manual clock.
    testTimeout: 30_000,
  },
});
