import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

export default defineProject({
  plugins: [react()],
  test: {
    name: "console",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    // Files share a worker and its loaded modules (none of them changes process-wide state)
    // instead of importing every module afresh per file: less CPU for the same tests.
    isolate: false,
    // Generous: jsdom renders several times slower on a busy 2-core machine.
    testTimeout: 60_000,
  },
});
