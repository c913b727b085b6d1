import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "infra",
    include: ["lib/**/*.test.ts", "bin/**/*.test.ts"],
    // Every file builds its own App; sharing the module cache spares each file the seconds it
    // takes to load aws-cdk-lib.
    isolate: false,
    // Generous: synthesizing a stack takes seconds, more on a busy machine.
    testTimeout: 60_000,
  },
});
