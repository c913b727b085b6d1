/** The HTTP API (the Hono app on Lambda behind API Gateway) and the scheduled order reconciler. */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { AuthStack } from "./auth-stack.js";
import { ApiService } from "./constructs/api-service.js";
import type { FunctionCode } from "./constructs/app-function.js";
import { OrderReconciler } from "./constructs/order-reconciler.js";
import type { DataStack } from "./data-stack.js";
import type { WorkflowStack } from "./workflow-stack.js";

export interface ApiStackProps extends StackProps, FunctionCode {
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly workflow: WorkflowStack;
  readonly webOrigin?: string;
  /** The order reconciler's code (`apps/api/src/reconciler/reconciler-lambda.ts`, bundled). */
  readonly reconciler: FunctionCode;
}

export class ApiStack extends Stack {
  readonly api: ApiService;
  readonly reconciler: OrderReconciler;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.api = new ApiService(this, "Api", {
      code: props.code,
      handler: props.handler,
      data: props.data,
      workflow: props.workflow.workflow,
      staff: props.auth.staff,
      webOrigin: props.webOrigin,
    });
    this.reconciler = new OrderReconciler(this, "Reconciler", {
      ...props.reconciler,
      data: props.data,
      workflow: props.workflow.workflow,
    });
    new CfnOutput(this, "ApiEndpoint", {
      value: this.api.httpApi.apiEndpoint,
      description: "Direct API endpoint (the site serves the same API under /api)",
    });
  }
}
