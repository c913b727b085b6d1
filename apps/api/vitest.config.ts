import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "api",
    include: ["src/**/*.test.ts"],
    // The fuzz test sends hundreds of real HTTP requests: room for a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll gives up after 1 s by default: a deadline a busy machine misses. Poll for
    // longer; a condition that never holds still fails, within the test's own timeout.
    expect: { poll: { timeout: 20_000 } },
  },
});
