/** Builds the whole app with stand-in code: no bundling, no dependence on the apps' sources. */
import { App } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { addCoffeeStacks, type CoffeeAppOptions, type CoffeeStacks } from "../coffee-app.js";

const INLINE_HANDLER = "exports.handler = async () => ({ statusCode: 200 });";

export function buildTestApp(options: Partial<CoffeeAppOptions> = {}): {
  app: App;
  stacks: CoffeeStacks;
} {
  // The app writes its assembly to a temp dir; nothing under infra/ is touched.
  const app = new App();
  const stacks = addCoffeeStacks(app, {
    code: {
      workflow: { code: lambda.Code.fromInline(INLINE_HANDLER), handler: "index.handler" },
      api: { code: lambda.Code.fromInline(INLINE_HANDLER), handler: "index.handler" },
      reconciler: { code: lambda.Code.fromInline(INLINE_HANDLER), handler: "index.handler" },
      web: s3deploy.Source.data("index.html", "<!doctype html><title>coffee</title>"),
    },
    ...options,
  });
  return { app, stacks };
}
