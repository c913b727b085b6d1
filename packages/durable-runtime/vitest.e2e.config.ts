import { defineProject } from "vitest/config";

// End-to-end: headless Chromium against `durable-runtime serve` in a child process.
export default defineProject({
  test: {
    name: "durable-runtime-e2e",
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // expect.poll gives up after 1 s by default: a deadline a busy machine misses. Poll for
    // longer; a condition that never holds still fails, within the test's own timeout.
    expect: { poll: { timeout: 20_000 } },
  },
});
