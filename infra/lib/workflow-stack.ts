/** The order workflow: a durable Lambda function, its version and its live alias. */
import { CfnOutput, type Duration, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { FunctionCode } from "./constructs/app-function.js";
import { DurableWorkflow } from "./constructs/durable-workflow.js";
import type { DataStack } from "./data-stack.js";

export interface WorkflowStackProps extends StackProps, FunctionCode {
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
      data: props.data,
      executionTimeout: props.executionTimeout,
    });
    new CfnOutput(this, "WorkflowFunctionName", { value: this.workflow.fn.functionName });
    new CfnOutput(this, "WorkflowAliasArn", { value: this.workflow.alias.functionArn });
  }
}
