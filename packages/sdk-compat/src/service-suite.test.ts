import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as sdk from "@aws/durable-execution-sdk-js";
import { expect, it } from "vitest";
import "../../durable-runtime/src/service-suite.test.js";

// The same suite as packages/durable-runtime's, on the oldest SDK 2.x (see vitest.config.ts).
it("runs on the oldest SDK", () => {
  const entry = createRequire(import.meta.url).resolve("sdk-oldest");
  let dir = dirname(entry);
  while (!dir.endsWith("durable-execution-sdk-js")) dir = dirname(dir);
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  expect(version).toBe("2.0.0");
  // The handlers got that copy: 2.0.0 predates the SDK_VERSION export.
  expect("SDK_VERSION" in sdk).toBe(false);
});
