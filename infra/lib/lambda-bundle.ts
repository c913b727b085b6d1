/** Bundles a Lambda entry file with the local esbuild (no Docker) into a deployable asset. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { buildSync } from "esbuild";

export interface LambdaBundleOptions {
  /** The TypeScript entry, e.g. `apps/api/src/lambda.ts`; it must export `handler`. */
  readonly entry: string;
  /** Where the bundle is written (one directory per function). */
  readonly outDir: string;
}

/** The handler string for bundles made by {@link bundleLambda}. */
export const BUNDLE_HANDLER = "index.handler";

/**
 * Bundles `entry` and everything it imports (the AWS SDK included: the durable-execution APIs are
 * newer than the SDK that Lambda's runtime ships) into one ESM file, `index.mjs`.
 * Runs at synth time, offline; the asset hash then follows the bundle's content.
 */
export function bundleLambda(options: LambdaBundleOptions): lambda.Code {
  mkdirSync(options.outDir, { recursive: true });
  buildSync({
    entryPoints: [options.entry],
    outfile: path.join(options.outDir, "index.mjs"),
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: "none",
    logLevel: "warning",
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return lambda.Code.fromAsset(options.outDir);
}
