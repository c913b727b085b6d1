import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "shared",
    include: ["src/**/*.test.ts"],
    // Files share a worker and its loaded modules (none of them changes process-wide state)
    // instead of importing every module afresh per file: less CPU for the same tests.
    isolate: false,
  },
});
