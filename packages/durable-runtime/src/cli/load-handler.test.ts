import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHandler } from "./load-handler.js";

describe("loadHandler", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "durable-runtime-cli-"));
    await writeFile(
      join(dir, "esm.mjs"),
      "export const handler = async () => 'esm';\nexport const other = 1;\n",
    );
    await writeFile(join(dir, "cjs.cjs"), "exports.handler = async () => 'cjs';\n");
    await writeFile(
      join(dir, "cjs-object.cjs"),
      "module.exports = { run: async () => 'cjs-object' };\n",
    );
    await writeFile(join(dir, "default.mjs"), "export default async () => 'default';\n");
    await writeFile(join(dir, "broken.mjs"), "export const handler = ;\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const load = (file: string, exportName = "handler") =>
    loadHandler({ name: "f", file: join(dir, file), exportName });

  it("loads ESM and CJS handlers, named or default", async () => {
    expect(await (await load("esm.mjs"))({}, {})).toBe("esm");
    expect(await (await load("cjs.cjs"))({}, {})).toBe("cjs");
    expect(await (await load("cjs-object.cjs", "run"))({}, {})).toBe("cjs-object");
    expect(await (await load("default.mjs", "default"))({}, {})).toBe("default");
  });

  it("says which file is missing, which export is missing, and why a module failed to load", async () => {
    await expect(load("nope.mjs")).rejects.toThrow(/file not found: .*nope\.mjs/);
    await expect(load("esm.mjs", "main")).rejects.toThrow(
      /no function export "main" \(exports: handler, other\)/,
    );
    await expect(load("esm.mjs", "other")).rejects.toThrow(/no function export "other"/);
    await expect(load("broken.mjs")).rejects.toThrow(/could not load .*broken\.mjs/);
  });
});
