import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "local-stack",
    include: ["src/**/*.test.ts"],
    // Integration tests start a whole local stack (dynalite, runtime, HTTP); give them room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll gives up after 1 s by default: a deadline a busy machine misses. Poll for
    // longer; a condition that never holds still fails, within the test's own timeout.
    expect: { poll: { timeout: 20_000 } },
  },
});
