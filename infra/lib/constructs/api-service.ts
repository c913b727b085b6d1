/** The Hono API as a Lambda function behind an HTTP API, allowed to drive the order workflow. */
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { type AppData, addAppFunction, type FunctionCode } from "./app-function.js";
import type { DurableWorkflow } from "./durable-workflow.js";
import type { StaffDirectory } from "./staff-directory.js";

/** Completing the workflow's callbacks (customer choice, barista accept/complete/cancel). */
export const DURABLE_CALLBACK_ACTIONS = [
  "lambda:SendDurableExecutionCallbackSuccess",
  "lambda:SendDurableExecutionCallbackFailure",
  "lambda:SendDurableExecutionCallbackHeartbeat",
] as const;

/** Reading executions for the inspector (`GET /api/orders/:id/execution`). */
export const DURABLE_READ_ACTIONS = [
  "lambda:GetDurableExecution",
  "lambda:GetDurableExecutionHistory",
  "lambda:ListDurableExecutionsByFunction",
] as const;

export interface ApiServiceProps extends FunctionCode {
  /** Tables and bus it uses. Its `code` is the bundled API (`apps/api/src/lambda.ts`) (inline in tests). */
  readonly data: AppData;
  readonly workflow: DurableWorkflow;
  readonly staff: StaffDirectory;
  /** The site's origin when it has a fixed one (custom domain); otherwise the API is same-origin. */
  readonly webOrigin?: string;
  /** Requests per second (steady, burst) the API accepts. Default: 50, 100. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * The HTTP API's `$default` route takes every request with its path: CloudFront sends `/api/*` here and the
 * Hono app, which routes under `/api` locally too, sees the same paths in both places.
 */
export class ApiService extends Construct {
  readonly fn: lambda.Function;
  readonly httpApi: apigwv2.HttpApi;
  readonly role: iam.Role;
  readonly sessionSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const { staff, workflow } = props;
    // Signs customer session tokens; 64 alphanumerics read as base64 give 48 random bytes.
    this.sessionSecret = new secretsmanager.Secret(this, "SessionSecret", {
      description: "HMAC key for the API's customer session tokens (base64)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    ({ fn: this.fn, role: this.role } = addAppFunction(this, {
      description: "Coffee shop HTTP API (Hono)",
      code: props.code,
      handler: props.handler,
      data: props.data,
      memorySize: 1024,
      timeout: Duration.seconds(15),
      environment: {
        // Executions start on the alias, so each one is pinned to the version live at that time.
        WORKFLOW_FUNCTION_NAME: workflow.fn.functionArn,
        WORKFLOW_QUALIFIER: workflow.alias.aliasName,
        // Verifies staff tokens from the pool (issuer, audience, JWKS), as it verifies local ones.
        COGNITO_REGION: Aws.REGION,
        COGNITO_USER_POOL_ID: staff.userPool.userPoolId,
        COGNITO_CLIENT_ID: staff.webClient.userPoolClientId,
        // Resolved by CloudFormation at deploy time; the template holds only the reference.
        SESSION_SECRET: this.sessionSecret.secretValue.unsafeUnwrap(),
        // Spread: Lambda's environment holds only strings; without an origin there is no variable.
        ...(props.webOrigin ? { WEB_ORIGIN: props.webOrigin } : {}),
      },
    }));

    workflow.alias.grantInvoke(this.role);
    // Callbacks and history are authorized on the execution ARN, which carries the version
    // (`<function arn>:<version>/durable-execution/<name>/<id>`), never the alias.
    const executions = `${workflow.fn.functionArn}:*`;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...DURABLE_CALLBACK_ACTIONS], resources: [executions] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...DURABLE_READ_ACTIONS],
        resources: [workflow.fn.functionArn, executions],
      }),
    );

    this.httpApi = new apigwv2.HttpApi(this, "HttpApi", {
      description: "Coffee shop API; reached through CloudFront under /api",
      defaultIntegration: new HttpLambdaIntegration("Api", this.fn, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      createDefaultStage: false,
    });
    // A ceiling for a coffee shop, so that a runaway client cannot run up the bill.
    this.httpApi.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: {
        rateLimit: props.throttle?.rateLimit ?? 50,
        burstLimit: props.throttle?.burstLimit ?? 100,
      },
    });
  }
}
