/** The whole deployment: every stack, wired together, for `bin/app.ts` and for the tests. */
import type { App, Duration, StackProps } from "aws-cdk-lib";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { ApiStack } from "./api-stack.js";
import { AuthStack } from "./auth-stack.js";
import { DataStack } from "./data-stack.js";
import { RealtimeStack } from "./realtime-stack.js";
import { WebStack } from "./web-stack.js";
import { WorkflowStack } from "./workflow-stack.js";

/** The deployable code: bundles from the apps in `bin/app.ts`, stand-ins in tests. */
export interface CoffeeCode {
  readonly workflow: { readonly code: lambda.Code; readonly handler: string };
  readonly api: { readonly code: lambda.Code; readonly handler: string };
  readonly reconciler: { readonly code: lambda.Code; readonly handler: string };
  readonly web: s3deploy.ISource;
}

export interface CoffeeAppOptions {
  readonly code: CoffeeCode;
  /** Stack name prefix, so that several copies can live in one account. Default: `Coffee`. */
  readonly prefix?: string;
  readonly retainData?: boolean;
  readonly webOrigin?: string;
  readonly executionTimeout?: Duration;
  /** Environment for every stack; omit for environment-agnostic stacks. */
  readonly env?: StackProps["env"];
}

export interface CoffeeStacks {
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly workflow: WorkflowStack;
  readonly api: ApiStack;
  readonly realtime: RealtimeStack;
  readonly web: WebStack;
}

export function addCoffeeStacks(app: App, options: CoffeeAppOptions): CoffeeStacks {
  const prefix = options.prefix ?? "Coffee";
  const base: StackProps = options.env ? { env: options.env } : {};
  const data = new DataStack(app, `${prefix}Data`, {
    ...base,
    description: "Coffee shop: DynamoDB tables and the EventBridge bus",
    retainData: options.retainData ?? false,
  });
  const auth = new AuthStack(app, `${prefix}Auth`, {
    ...base,
    description: "Coffee shop: staff sign-in (Cognito)",
  });
  const workflow = new WorkflowStack(app, `${prefix}Workflow`, {
    ...base,
    description: "Coffee shop: the order workflow (Lambda durable function)",
    ...options.code.workflow,
    data,
    executionTimeout: options.executionTimeout,
  });
  const api = new ApiStack(app, `${prefix}Api`, {
    ...base,
    description: "Coffee shop: HTTP API (Lambda + API Gateway)",
    ...options.code.api,
    reconciler: options.code.reconciler,
    data,
    auth,
    workflow,
    webOrigin: options.webOrigin,
  });
  const realtime = new RealtimeStack(app, `${prefix}Realtime`, {
    ...base,
    description: "Coffee shop: realtime pings to browsers (AppSync Events)",
    data,
  });
  const web = new WebStack(app, `${prefix}Web`, {
    ...base,
    description: "Coffee shop: web app and API on one CloudFront origin",
    assets: options.code.web,
    api,
    auth,
    realtime,
  });
  return { data, auth, workflow, api, realtime, web };
}
