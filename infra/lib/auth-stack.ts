/** Staff identities: the Cognito user pool and its groups. */
import { Aws, CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { StaffDirectory } from "./constructs/staff-directory.js";

export class AuthStack extends Stack {
  readonly staff: StaffDirectory;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.staff = new StaffDirectory(this, "Staff");
    new CfnOutput(this, "UserPoolId", { value: this.staff.userPool.userPoolId });
    new CfnOutput(this, "WebClientId", { value: this.staff.webClient.userPoolClientId });
    new CfnOutput(this, "Region", { value: Aws.REGION });
  }
}
