import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

export default defineProject({
  plugins: [react()],
  test: {
    name: "barista-web",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/testing/setup.ts"],
    // Files share a worker, its jsdom and its loaded modules (the setup unmounts and clears
    // storage after each test) instead of a fresh jsdom and React per file: a third of the CPU.
    isolate: false,
    // Generous: a busy 2-core machine runs a jsdom test several times slower than a quiet one.
    testTimeout: 60_000,
  },
});
