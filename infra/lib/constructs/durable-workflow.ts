/** The order workflow as a durable Lambda function, with a published version and a live alias. */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { executionTimeoutSeconds } from "../execution-budget.js";
import { type AppData, addAppFunction, type FunctionCode } from "./app-function.js";

/** The IAM actions the durable execution SDK calls from inside the function. */
export const DURABLE_CHECKPOINT_ACTIONS = [
  "lambda:CheckpointDurableExecution",
  "lambda:GetDurableExecutionState",
] as const;

export interface DurableWorkflowProps extends FunctionCode {
  /** Tables and bus it uses. Its `code` is the bundled workflow (`apps/orders-workflow/src/handler.ts`) (inline in tests). */
  readonly data: AppData;
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
    ({ fn: this.fn, role: this.role } = addAppFunction(this, {
      description: "Order workflow: one durable execution per order",
      code: props.code,
      handler: props.handler,
      data: props.data,
      memorySize: 512,
      // One invocation replays and runs until the next wait; steps are single DynamoDB writes.
      timeout: Duration.seconds(30),
      durableConfig: {
        executionTimeout: props.executionTimeout ?? Duration.seconds(executionTimeoutSeconds()),
        retentionPeriod: props.retention ?? Duration.days(14),
      },
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
    }));

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
