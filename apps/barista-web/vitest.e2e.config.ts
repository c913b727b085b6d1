import { defineProject } from "vitest/config";

// End-to-end: headless Chromium against the real local stack (@coffee/local-stack's startLocalStack).
export default defineProject({
  test: {
    name: "barista-web-e2e",
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
