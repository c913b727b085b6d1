/** The site: the web app on S3 + CloudFront, the API under /api, and its config.json. */
import { Aws, CfnOutput, Fn, Stack, type StackProps } from "aws-cdk-lib";
import type * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import type { Construct } from "constructs";
import type { ApiStack } from "./api-stack.js";
import type { AuthStack } from "./auth-stack.js";
import { REALTIME_CHANNELS } from "./constructs/realtime-events.js";
import { StaticSite } from "./constructs/static-site.js";
import type { RealtimeStack } from "./realtime-stack.js";

export interface WebStackProps extends StackProps {
  readonly assets: s3deploy.ISource;
  readonly api: ApiStack;
  readonly auth: AuthStack;
  readonly realtime: RealtimeStack;
}

export class WebStack extends Stack {
  readonly site: StaticSite;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const realtime = props.realtime.realtime;
    const staff = props.auth.staff;
    this.site = new StaticSite(this, "Site", {
      assets: props.assets,
      // `https://<id>.execute-api.<region>.amazonaws.com` → its host name.
      apiDomain: Fn.select(2, Fn.split("/", props.api.api.httpApi.apiEndpoint)),
      runtimeConfig: {
        apiBaseUrl: "/api",
        realtime: {
          kind: "appsync-events",
          httpDomain: realtime.api.httpDns,
          realtimeDomain: realtime.api.realtimeDns,
          apiKey: realtime.apiKey.attrApiKey,
          channels: { ...REALTIME_CHANNELS },
        },
        auth: {
          kind: "cognito",
          region: Aws.REGION,
          userPoolId: staff.userPool.userPoolId,
          clientId: staff.webClient.userPoolClientId,
        },
      },
    });
    new CfnOutput(this, "SiteUrl", {
      value: this.site.url,
      description: "The web app; the API is at <SiteUrl>/api",
    });
  }
}
