/** The order workflow: a durable Lambda function, its version and its live alias. */
import { CfnOutput, type Duration, Stack, type StackProps } from "aws-cdk-lib";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { DurableWorkflow } from "./constructs/durable-workflow.js";
import type { DataStack } from "./data-stack.js";

export interface WorkflowStackProps extends StackProps {
  readonly code: lambda.Code;
  readonly handler: string;
  readonly data: DataStack;
  readonly executionTimeout?: Duration;
}

export class WorkflowStack extends Stack {
  readonly workflow: DurableWorkflow;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    this.workflow = new DurableWorkflow(this, "OrdersWorkflow", {
      code: props.code,
      handler: props.handler,
      ordersTable: props.data.tables.orders,
      shopTable: props.data.tables.shop,
      bus: props.data.bus,
      ...(props.executionTimeout ? { executionTimeout: props.executionTimeout } : {}),
    });
    new CfnOutput(this, "WorkflowFunctionName", { value: this.workflow.fn.functionName });
    new CfnOutput(this, "WorkflowAliasArn", { value: this.workflow.alias.functionArn });
  }
}
