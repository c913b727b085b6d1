import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import { BUNDLE_HANDLER, bundleLambda } from "./lambda-bundle.js";

describe("bundleLambda", () => {
  it("bundles a TypeScript entry and its CommonJS dependencies into one runnable ESM file", async () => {
    const src = mkdtempSync(path.join(tmpdir(), "bundle-src-"));
    // A CommonJS dependency that require()s a Node built-in, as many SDK packages do.
    writeFileSync(path.join(src, "dep.cjs"), 'module.exports = require("node:path").posix.sep;');
    writeFileSync(
      path.join(src, "handler.ts"),
      [
        'import sep from "./dep.cjs";',
        'const greet = (name: string): string => "hello" + sep + name;',
        "export const handler = async (event: { name: string }) => greet(event.name);",
      ].join("\n"),
    );
    const outDir = mkdtempSync(path.join(tmpdir(), "bundle-out-"));

    const code = bundleLambda({ entry: path.join(src, "handler.ts"), outDir });

    expect(code).toBeInstanceOf(lambda.AssetCode);
    expect(readdirSync(outDir).sort()).toEqual(["index.mjs", "index.mjs.map"]);
    expect(BUNDLE_HANDLER).toBe("index.handler");
    const bundle = await import(pathToFileURL(path.join(outDir, "index.mjs")).href);
    await expect(bundle.handler({ name: "coffee" })).resolves.toBe("hello/coffee");
  });

  it("fails at synth time when the entry does not build", () => {
    const src = mkdtempSync(path.join(tmpdir(), "bundle-bad-"));
    writeFileSync(
      path.join(src, "handler.ts"),
      'import "./missing.js";\nexport const handler = 1;',
    );
    expect(() =>
      bundleLambda({ entry: path.join(src, "handler.ts"), outDir: path.join(src, "out") }),
    ).toThrow(/missing/);
  });
});
