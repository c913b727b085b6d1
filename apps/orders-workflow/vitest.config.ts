import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "orders-workflow",
    include: ["src/**/*.test.ts"],
    // Generous: real dynalite and SQLite on a busy 2-core machine; tests wait on conditions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll gives up after 1 s by default: a deadline a busy machine misses. Poll for
    // longer; a condition that never holds still fails, within the test's own timeout.
    expect: { poll: { timeout: 20_000 } },
    env: {
      // The AWS SDK clients need credentials and a region even against local servers.
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_REGION: "us-east-1",
      // The workflow's own warnings (refused choices) are expected in tests.
      AWS_LAMBDA_LOG_LEVEL: "ERROR",
    },
  },
});
