import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

export default defineProject({
  plugins: [react()],
  test: {
    name: "console",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    // Generous: jsdom renders several times slower on a busy 2-core machine.
    testTimeout: 60_000,
  },
});
