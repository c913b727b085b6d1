/**
 * The order reconciler (`apps/api/src/reconciler/reconciler-lambda.ts`) on an EventBridge schedule: every
 * minute it starts again the orders whose start was cut off (stored PENDING, `Invoke` never
 * sent), as the local stack's sweeps do, and closes open orders whose execution ended without
 * the workflow closing them (stopped, timed out): stock released, CANCELLED, event published.
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
  /** Its `code` is the bundled `apps/api/src/reconciler/reconciler-lambda.ts` (inline in tests). */
  readonly data: AppData;
  readonly workflow: DurableWorkflow;
  /** Age at which a PENDING order is started again (`PENDING_GRACE_SECONDS`). Default: 30 s. */
  readonly pendingGrace?: Duration;
  /** `Invoke`s in flight at once (`PENDING_SWEEP_CONCURRENCY`). Default: 4. */
  readonly concurrency?: number;
  /** Open orders at least this old are checked for an ended execution. Default: 2 minutes. */
  readonly openOrderMinAge?: Duration;
  /** Open orders checked per run, oldest first (`OPEN_ORDER_SWEEP_LIMIT`). Default: 50. */
  readonly openOrderLimit?: number;
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
      description: "Coffee shop order reconciler (cut-off starts, executions that ended early)",
      code: props.code,
      handler: props.handler,
      data: props.data,
      dataAccess: "named",
      memorySize: 256,
      // A sweep is a few queries, Invokes and reads of executions; a minute leaves room.
      timeout: Duration.seconds(60),
      environment: {
        WORKFLOW_FUNCTION_NAME: workflow.fn.functionArn,
        WORKFLOW_QUALIFIER: workflow.alias.aliasName,
        PENDING_GRACE_SECONDS: String((props.pendingGrace ?? Duration.seconds(30)).toSeconds()),
        PENDING_SWEEP_CONCURRENCY: String(props.concurrency ?? 4),
        OPEN_ORDER_MIN_AGE_SECONDS: String(
          (props.openOrderMinAge ?? Duration.minutes(2)).toSeconds(),
        ),
        OPEN_ORDER_SWEEP_LIMIT: String(props.openOrderLimit ?? 50),
      },
    }));

    // Open orders through the status index, then each one by key; closing one is a conditional
    // update of its item (never a put or delete).
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: [`${orders.tableArn}/index/${BY_STATUS_INDEX}`],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
        resources: [orders.tableArn],
      }),
    );
    // The menu (a drink's ingredients) and the stock item (releasing a reservation).
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
        resources: [props.data.tables.shop.tableArn],
      }),
    );
    // `Order.Cancelled` for the orders it closes, as the workflow publishes it.
    props.data.bus.grantPutEventsTo(this.role);
    // Starts executions on the alias, as the API does: never on a version or the function.
    workflow.alias.grantInvoke(this.role);
    // An order's execution: read by the ARN the workflow recorded on the order, which names
    // the version (`<function arn>:<version>/durable-execution/…`); an order without one is
    // looked up by name on the alias (`<function arn>:live`). Never stopped, never
    // checkpointed: the reconciler only reads executions.
    const versions = `${workflow.fn.functionArn}:*`;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["lambda:ListDurableExecutionsByFunction"],
        resources: [workflow.fn.functionArn, versions],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["lambda:GetDurableExecution"], resources: [versions] }),
    );

    this.schedule = new events.Rule(this, "Schedule", {
      description: "Runs the order reconciler",
      schedule: events.Schedule.rate(props.every ?? Duration.minutes(1)),
      // Delivery is not retried (the next run, a minute later, does the same work); a run that
      // throws is retried by Lambda's own asynchronous retries and counted in its Errors metric.
      targets: [new targets.LambdaFunction(this.fn, { retryAttempts: 0 })],
    });
  }
}
