/** A Lambda function's own log group and an execution role that starts with nothing but logging. */
import { RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export interface FunctionIdentityProps {
  /** How long the function's logs are kept. Default: two weeks. */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Replaces the managed policies CDK would attach (`AWSLambdaBasicExecutionRole`, or for durable
 * functions `AWSLambdaBasicDurableExecutionRolePolicy`), which grant logging and checkpointing on
 * `*`. Here the role may write to its own log group only; everything else is granted by name.
 */
export class FunctionIdentity extends Construct {
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FunctionIdentityProps = {}) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.TWO_WEEKS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "Least-privilege execution role: logging here, the rest granted by name",
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );
  }
}
