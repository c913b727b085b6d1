/**
 * Bundles what `pnpm start` runs into bundle/: the stack's entry (main.js) and its runtime
 * thread's (runtime-worker.js), each one file with every workspace package and dependency in it.
 * Run after `tsc` (the package's build): it bundles dist/, not the TypeScript sources.
 *
 * Why: unbundled, each start resolved, read and compiled ≈840 ES and CommonJS modules in the main
 * thread and ≈730 in the runtime thread (most of them the AWS SDK's): the stack spent 1.3-1.4 s of
 * CPU until Ready, 0.9-0.95 s bundled (`bench --only start`, figures in the package README).
 *
 * `node scripts/bundle.mjs [--outdir DIR] [ENTRY...]` bundles other entries the same way (the
 * test of these settings, src/bundle-names.test.ts, does).
 *
 * Paths: bundle/ sits beside dist/, so this package's own modules keep their relative paths (the
 * web app at ../../barista-web/dist, the runtime thread's entry ./runtime-worker.js, which is then
 * the bundled one). Every other module keeps seeing its own file as `import.meta.url` (the console
 * finds its assets, local-aws starts dynalite's process from its own dist/), written relative to
 * the bundle so that a moved checkout still works.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const ownDist = path.join(root, "dist") + path.sep;
const args = parseArgs({ options: { outdir: { type: "string" } }, allowPositionals: true });
const outdir = path.resolve(args.values.outdir ?? path.join(root, "bundle"));
const entryPoints = args.positionals.length
  ? args.positionals.map((entry) => path.resolve(entry))
  : [path.join(root, "dist/main.js"), path.join(root, "dist/runtime-worker.js")];

/** `import.meta.url` of a module outside this package's dist/ stays the URL of its own file. */
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(build) {
    build.onLoad({ filter: /\.m?js$/ }, async (args) => {
      if (args.path.startsWith(ownDist)) return undefined;
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const relative = path.relative(outdir, args.path).split(path.sep).join("/");
      return {
        contents: source.replaceAll(
          "import.meta.url",
          `new URL(${JSON.stringify(relative)}, import.meta.url).href`,
        ),
        loader: "js",
        resolveDir: path.dirname(args.path),
      };
    });
  },
};

await build({
  entryPoints,
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  // Names as written. Without this, esbuild turns a class of an ES module that CommonJS code
  // requires (much of the AWS SDK) into `X = class _X`, whose name is "_X": the durable SDK's
  // errors name themselves after their class, and the SDK recognises the runtime's event by
  // its class name. It costs up to 0.2 s of CPU per start.
  keepNames: true,
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning",
  // CommonJS dependencies call require() for Node's built-ins; an ES module has none of its own.
  banner: {
    js: 'import { createRequire as __coffeeCreateRequire } from "node:module";\nconst require = __coffeeCreateRequire(import.meta.url);',
  },
  plugins: [keepModuleUrls],
});
