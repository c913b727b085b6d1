/** The Hono API as a Lambda function behind an HTTP API, allowed to drive the order workflow. */
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { DurableWorkflow } from "./durable-workflow.js";
import { FunctionIdentity } from "./function-identity.js";
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

export interface ApiServiceProps {
  /** The bundled API (`apps/api/src/lambda.ts`); tests pass inline code. */
  readonly code: lambda.Code;
  readonly handler: string;
  readonly ordersTable: dynamodb.ITable;
  readonly shopTable: dynamodb.ITable;
  readonly bus: events.IEventBus;
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
    const identity = new FunctionIdentity(this, "Identity");
    this.role = identity.role;
    const { staff, workflow } = props;
    // Signs customer session tokens; 64 alphanumerics read as base64 give 48 random bytes.
    this.sessionSecret = new secretsmanager.Secret(this, "SessionSecret", {
      description: "HMAC key for the API's customer session tokens (base64)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.fn = new lambda.Function(this, "Function", {
      description: "Coffee shop HTTP API (Hono)",
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: props.handler,
      role: this.role,
      logGroup: identity.logGroup,
      memorySize: 1024,
      timeout: Duration.seconds(15),
      environment: {
        ORDERS_TABLE: props.ordersTable.tableName,
        SHOP_TABLE: props.shopTable.tableName,
        EVENT_BUS_NAME: props.bus.eventBusName,
        // Executions start on the alias, so each one is pinned to the version live at that time.
        WORKFLOW_FUNCTION_NAME: workflow.fn.functionArn,
        WORKFLOW_QUALIFIER: workflow.alias.aliasName,
        // Verifies staff tokens from the pool (issuer, audience, JWKS), as it verifies local ones.
        COGNITO_REGION: Aws.REGION,
        COGNITO_USER_POOL_ID: staff.userPool.userPoolId,
        COGNITO_CLIENT_ID: staff.webClient.userPoolClientId,
        // Resolved by CloudFormation at deploy time; the template holds only the reference.
        SESSION_SECRET: this.sessionSecret.secretValue.unsafeUnwrap(),
        ...(props.webOrigin ? { WEB_ORIGIN: props.webOrigin } : {}),
        NODE_OPTIONS: "--enable-source-maps",
      },
    });

    props.ordersTable.grantReadWriteData(this.role);
    props.shopTable.grantReadWriteData(this.role);
    props.bus.grantPutEventsTo(this.role);
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
