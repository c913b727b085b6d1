import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";

// The bundle's settings (scripts/bundle.mjs) on a module shaped like much of the AWS SDK: an ES
// module whose class CommonJS code requires, the class naming its errors after itself (as the
// durable SDK's DurableOperationError does). Bundled without `keepNames`, the class is written
// `Failure = class _Failure` and both names read "_Failure".

const run = promisify(execFile);
const script = fileURLToPath(new URL("../scripts/bundle.mjs", import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "coffee-bundle-names-"));
  await writeFile(
    path.join(dir, "failure.mjs"),
    [
      "export class Failure extends Error {",
      "  constructor(message) { super(message); this.name = this.constructor.name; }",
      "  static of(message) { return new Failure(message); }",
      "}",
    ].join("\n"),
  );
  await writeFile(
    path.join(dir, "legacy.cjs"),
    'const { Failure } = require("./failure.mjs");\nmodule.exports = { fail: () => Failure.of("x") };\n',
  );
  await writeFile(
    path.join(dir, "entry.mjs"),
    [
      'import legacy from "./legacy.cjs";',
      'import { Failure } from "./failure.mjs";',
      "console.log(JSON.stringify([Failure.name, legacy.fail().name]));",
    ].join("\n"),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("keeps class names as written through the bundle", async () => {
  const out = path.join(dir, "out");
  await run(process.execPath, [script, "--outdir", out, path.join(dir, "entry.mjs")]);
  const { stdout } = await run(process.execPath, [path.join(out, "entry.js")]);
  expect(JSON.parse(stdout)).toEqual(["Failure", "Failure"]);
});
