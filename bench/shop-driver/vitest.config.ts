import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "shop-driver", include: ["src/**/*.test.ts"] },
});
