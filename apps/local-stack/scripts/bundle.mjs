/**
 * Bundles what `pnpm start` runs into bundle/: the stack's entry (main.js) and its runtime
 * thread's (runtime-worker.js), each one file with every workspace package and dependency in it.
 * Run after `tsc` (the package's build): it bundles dist/, not the TypeScript sources.
 *
 * Why: unbundled, each start resolves, reads and compiles some 2,000 ES and CommonJS modules (the
 * AWS SDK's clients are most of them) in each of the stack's two threads; that was about half of
 * the stack's CPU until Ready (1.4-1.6 s). The bundles do the same work in two files.
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
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const ownDist = path.join(root, "dist") + path.sep;
const outdir = path.join(root, "bundle");

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
  entryPoints: [path.join(root, "dist/main.js"), path.join(root, "dist/runtime-worker.js")],
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  // No `keepNames`: it cost 0.2 s of CPU per start. esbuild renames only top-level names that
  // collide between modules (three classes today, Hono's and the durable SDK's own, none of them
  // told apart by its name); the errors this code matches set their `name` or `errorType`.
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning",
  // CommonJS dependencies call require() for Node's built-ins; an ES module has none of its own.
  banner: {
    js: 'import { createRequire as __coffeeCreateRequire } from "node:module";\nconst require = __coffeeCreateRequire(import.meta.url);',
  },
  plugins: [keepModuleUrls],
});
