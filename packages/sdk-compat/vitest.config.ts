import { createRequire } from "node:module";
import { defineProject } from "vitest/config";

/**
 * The durable runtime's service conformance suite with every import of the official SDK,
 * in the suite's handlers and the runtime's sources alike, served by the oldest 2.x release
 * (`sdk-oldest`, an npm alias of @aws/durable-execution-sdk-js@2.0.0).
 */
const oldest = createRequire(import.meta.url).resolve("sdk-oldest");

export default defineProject({
  resolve: {
    alias: [{ find: /^@aws\/durable-execution-sdk-js$/, replacement: oldest }],
  },
  test: {
    name: "sdk-oldest",
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
