import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "infra", include: ["lib/**/*.test.ts", "bin/**/*.test.ts"] },
});
