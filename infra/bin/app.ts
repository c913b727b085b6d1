#!/usr/bin/env node
/** CDK entry: bundles the real workflow, API and reconciler, points the site at the built web app. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App, Duration } from "aws-cdk-lib";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { addCoffeeStacks } from "../lib/coffee-app.js";
import { BUNDLE_HANDLER, bundleLambda } from "../lib/lambda-bundle.js";
import { cdkOutDir } from "./env.js";

// dist/bin/app.js → infra/ → the repository root.
const infraDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const repoRoot = path.resolve(infraDir, "..");
const buildDir = path.join(infraDir, ".build");

const webDist = path.join(repoRoot, "apps/barista-web/dist");
if (!existsSync(path.join(webDist, "index.html"))) {
  throw new Error(`${webDist} has no index.html: build the web app first (pnpm turbo run build)`);
}

// `cdk synth` / `pnpm run synth` write cdk.out; `cdk` sets CDK_OUTDIR itself.
const app = new App({ outdir: cdkOutDir ?? path.join(infraDir, "cdk.out") });
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return typeof value === "string" && value !== "" ? value : undefined;
};
const timeoutHours = context("executionTimeoutHours");

addCoffeeStacks(app, {
  code: {
    workflow: {
      code: bundleLambda({
        entry: path.join(repoRoot, "apps/orders-workflow/src/handler.ts"),
        outDir: path.join(buildDir, "orders-workflow"),
      }),
      handler: BUNDLE_HANDLER,
    },
    api: {
      code: bundleLambda({
        entry: path.join(repoRoot, "apps/api/src/lambda.ts"),
        outDir: path.join(buildDir, "api"),
      }),
      handler: BUNDLE_HANDLER,
    },
    reconciler: {
      code: bundleLambda({
        entry: path.join(repoRoot, "apps/api/src/reconciler/reconciler-lambda.ts"),
        outDir: path.join(buildDir, "reconciler"),
      }),
      handler: BUNDLE_HANDLER,
    },
    web: s3deploy.Source.asset(webDist),
  },
  prefix: context("prefix"),
  retainData: context("retainData") === "true",
  webOrigin: context("webOrigin"),
  executionTimeout: timeoutHours ? Duration.hours(Number(timeoutHours)) : undefined,
});

app.synth();
