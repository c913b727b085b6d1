import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "api",
    include: ["src/**/*.test.ts"],
    // The fuzz test sends hundreds of real HTTP requests: room for a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
