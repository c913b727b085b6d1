import { defineProject } from "vitest/config";

// End-to-end: headless Chromium against `durable-runtime serve` in a child process.
export default defineProject({
  test: {
    name: "durable-runtime-e2e",
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
