import { defineConfig } from "vitest/config";

// One Vitest run across the workspace: each package is a project with its own config.
export default defineConfig({
  test: {
    projects: [
      "apps/*/vitest.config.ts",
      "apps/*/vitest.e2e.config.ts",
      "packages/*/vitest.config.ts",
      "packages/*/vitest.e2e.config.ts",
      "bench/*/vitest.config.ts",
      "infra/vitest.config.{ts,mts}",
    ],
  },
});
