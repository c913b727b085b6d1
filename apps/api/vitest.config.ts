import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "api",
    include: ["src/**/*.test.ts"],
    // Integration tests start a whole local stack (dynalite, runtime, HTTP); give them room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
