/** The order workflow as a durable Lambda function, with a published version and a live alias. */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { executionTimeoutSeconds } from "../execution-budget.js";
import { FunctionIdentity } from "./function-identity.js";

/** The IAM actions the durable execution SDK calls from inside the function. */
export const DURABLE_CHECKPOINT_ACTIONS = [
  "lambda:CheckpointDurableExecution",
  "lambda:GetDurableExecutionState",
] as const;

export interface DurableWorkflowProps {
  /** The bundled workflow (`apps/orders-workflow/src/handler.ts`); tests pass inline code. */
  readonly code: lambda.Code;
  readonly handler: string;
  readonly ordersTable: dynamodb.ITable;
  readonly shopTable: dynamodb.ITable;
  readonly bus: events.IEventBus;
  /** Default: the longest order path plus slack (see execution-budget.ts), 3 hours. */
  readonly executionTimeout?: Duration;
  /** How long a closed execution's history stays readable (the inspector). Default: 14 days. */
  readonly retention?: Duration;
}

/**
 * One execution per order, started through {@link alias} so that each execution is pinned to the
 * version that was live when the order began: a deployment never changes the code an in-flight
 * order replays against. Old versions are retained for that reason.
 */
export class DurableWorkflow extends Construct {
  readonly fn: lambda.Function;
  readonly version: lambda.IVersion;
  readonly alias: lambda.Alias;
  readonly role: iam.Role;
  /** Checkpointing on the function's own executions, kept apart from the role's default policy. */
  readonly durablePolicy: iam.Policy;

  constructor(scope: Construct, id: string, props: DurableWorkflowProps) {
    super(scope, id);
    const identity = new FunctionIdentity(this, "Identity");
    this.role = identity.role;

    this.fn = new lambda.Function(this, "Function", {
      description: "Order workflow: one durable execution per order",
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: props.handler,
      role: this.role,
      logGroup: identity.logGroup,
      memorySize: 512,
      // One invocation replays and runs until the next wait; steps are single DynamoDB writes.
      timeout: Duration.seconds(30),
      durableConfig: {
        executionTimeout: props.executionTimeout ?? Duration.seconds(executionTimeoutSeconds()),
        retentionPeriod: props.retention ?? Duration.days(14),
      },
      environment: {
        ORDERS_TABLE: props.ordersTable.tableName,
        SHOP_TABLE: props.shopTable.tableName,
        EVENT_BUS_NAME: props.bus.eventBusName,
        NODE_OPTIONS: "--enable-source-maps",
      },
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
    });

    // Durable executions are sub-resources of a version: `<function arn>:<version>/durable-execution/…`.
    // This policy names the function, so it cannot sit in the role's default policy, which the
    // function itself depends on (that would be a cycle).
    this.durablePolicy = new iam.Policy(this, "DurablePolicy", {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: [...DURABLE_CHECKPOINT_ACTIONS],
          resources: [`${this.fn.functionArn}:*`],
        }),
      ],
    });
    props.ordersTable.grantReadWriteData(this.role);
    props.shopTable.grantReadWriteData(this.role);
    props.bus.grantPutEventsTo(this.role);

    this.version = this.fn.currentVersion;
    // No execution may start before the function can checkpoint.
    this.version.node.addDependency(this.durablePolicy);
    this.alias = new lambda.Alias(this, "Live", {
      aliasName: "live",
      version: this.version,
      description: "The version new orders start on",
    });
  }
}
