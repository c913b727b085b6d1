/** The realtime path to browsers: AppSync Events fed by EventBridge rules. */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { RealtimeEvents } from "./constructs/realtime-events.js";
import type { DataStack } from "./data-stack.js";

export interface RealtimeStackProps extends StackProps {
  readonly data: DataStack;
}

export class RealtimeStack extends Stack {
  readonly realtime: RealtimeEvents;

  constructor(scope: Construct, id: string, props: RealtimeStackProps) {
    super(scope, id, props);
    this.realtime = new RealtimeEvents(this, "Realtime", { bus: props.data.bus });
    new CfnOutput(this, "RealtimeHttpDomain", { value: this.realtime.api.httpDns });
    new CfnOutput(this, "RealtimeWebSocketDomain", { value: this.realtime.api.realtimeDns });
  }
}
