import { defineProject } from "vitest/config";

export default defineProject({
  // Generous timeouts: servers in processes of their own, on a busy 2-core machine.
  test: {
    name: "local-aws",
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
