/**
 * The order reconciler (`apps/api/src/reconciler-lambda.ts`) on an EventBridge schedule: every
 * minute it starts again the orders whose start was cut off (stored PENDING, `Invoke` never
 * sent), as the local stack's sweeps do.
 */
import { TABLES } from "@coffee/data";
import { Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { type AppData, addAppFunction, type FunctionCode } from "./app-function.js";
import type { DurableWorkflow } from "./durable-workflow.js";

/** The orders index the reconciler queries (PENDING orders, oldest first). */
export const BY_STATUS_INDEX = TABLES.orders.globalSecondaryIndexes[0].indexName;

export interface OrderReconcilerProps extends FunctionCode {
  /** Its `code` is the bundled `apps/api/src/reconciler-lambda.ts` (inline in tests). */
  readonly data: AppData;
  readonly workflow: DurableWorkflow;
  /** Age at which a PENDING order is started again (`PENDING_GRACE_SECONDS`). Default: 30 s. */
  readonly pendingGrace?: Duration;
  /** `Invoke`s in flight at once (`PENDING_SWEEP_CONCURRENCY`). Default: 4. */
  readonly concurrency?: number;
  /** How often it runs. Default: every minute. */
  readonly every?: Duration;
}

export class OrderReconciler extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: OrderReconcilerProps) {
    super(scope, id);
    const { workflow } = props;
    const orders = props.data.tables.orders;
    ({ fn: this.fn, role: this.role } = addAppFunction(this, {
      description: "Coffee shop order reconciler (restarts orders whose start was cut off)",
      code: props.code,
      handler: props.handler,
      data: props.data,
      dataAccess: "named",
      memorySize: 256,
      // A sweep is a query and a few Invokes; a minute leaves room for a slow one.
      timeout: Duration.seconds(60),
      environment: {
        WORKFLOW_FUNCTION_NAME: workflow.fn.functionArn,
        WORKFLOW_QUALIFIER: workflow.alias.aliasName,
        PENDING_GRACE_SECONDS: String((props.pendingGrace ?? Duration.seconds(30)).toSeconds()),
        PENDING_SWEEP_CONCURRENCY: String(props.concurrency ?? 4),
      },
    }));

    // Reads only: PENDING orders through the status index, then each one by key.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: [`${orders.tableArn}/index/${BY_STATUS_INDEX}`],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["dynamodb:GetItem"], resources: [orders.tableArn] }),
    );
    // Starts executions on the alias, as the API does: never on a version or the function.
    workflow.alias.grantInvoke(this.role);

    this.schedule = new events.Rule(this, "Schedule", {
      description: "Runs the order reconciler",
      schedule: events.Schedule.rate(props.every ?? Duration.minutes(1)),
      // Delivery is not retried (the next run, a minute later, does the same work); a run that
      // throws is retried by Lambda's own asynchronous retries and counted in its Errors metric.
      targets: [new targets.LambdaFunction(this.fn, { retryAttempts: 0 })],
    });
  }
}
