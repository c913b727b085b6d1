/** The web app on a private S3 bucket behind CloudFront, with the API on the same origin. */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import type { WebRuntimeConfig } from "../web-runtime-config.js";

export interface StaticSiteProps {
  /** The built web app (`apps/barista-web/dist`); tests pass a small stand-in. */
  readonly assets: s3deploy.ISource;
  /** Domain of the API origin, e.g. `abc123.execute-api.eu-west-1.amazonaws.com`. */
  readonly apiDomain: string;
  /** Written to `/config.json`; tokens are resolved at deploy time. */
  readonly runtimeConfig: WebRuntimeConfig;
}

/** The path pattern CloudFront sends to the API. */
export const API_PATH_PATTERN = "/api/*";
export const RUNTIME_CONFIG_KEY = "config.json";
/** Vite's content-hashed build output. */
export const HASHED_ASSETS_PREFIX = "assets/";
// One size for every deployment, so they share one handler function.
const DEPLOYMENT_MEMORY_MB = 512;

// Client-side routes (/barista, /orders/123) get the app shell; files keep their own path.
// The API behavior has its own functions, so this never rewrites an /api/* request.
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

// The API sees the execute-api host; this tells it which site the request came through
// (for absolute links such as the QR code URL).
const FORWARDED_HOST = `function handler(event) {
  var request = event.request;
  request.headers["x-forwarded-host"] = { value: request.headers.host.value };
  return request;
}`;

export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, "Bucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const fn = (name: string, code: string) =>
      new cloudfront.Function(this, name, {
        code: cloudfront.FunctionCode.fromInline(code),
        runtime: cloudfront.FunctionRuntime.JS_2_0,
      });

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "Coffee shop web app and API",
      defaultRootObject: "index.html",
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: fn("SpaRewrite", SPA_REWRITE),
          },
        ],
      },
      additionalBehaviors: {
        [API_PATH_PATTERN]: {
          origin: new origins.HttpOrigin(props.apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          // Every API answer is per-user and live: never cached, every header, cookie and query
          // string forwarded except Host (execute-api routes by its own host name).
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          compress: true,
          functionAssociations: [
            {
              eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
              function: fn("ForwardedHost", FORWARDED_HOST),
            },
          ],
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    // No CloudFront invalidation (it would need `cloudfront:CreateInvalidation` on `*`): hashed
    // build files are immutable, and everything else is served `no-cache`, so a deploy shows at
    // once. Old hashed files stay, for pages still open on the previous index.html.
    new s3deploy.BucketDeployment(this, "HashedAssets", {
      sources: [props.assets],
      destinationBucket: this.bucket,
      exclude: ["*"],
      include: [`${HASHED_ASSETS_PREFIX}*`],
      prune: false,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.days(365)),
        s3deploy.CacheControl.immutable(),
      ],
      memoryLimit: DEPLOYMENT_MEMORY_MB,
    });
    new s3deploy.BucketDeployment(this, "Shell", {
      sources: [props.assets],
      destinationBucket: this.bucket,
      // Excluded files are neither uploaded nor pruned by this deployment.
      exclude: [`${HASHED_ASSETS_PREFIX}*`, RUNTIME_CONFIG_KEY],
      cacheControl: [s3deploy.CacheControl.noCache()],
      memoryLimit: DEPLOYMENT_MEMORY_MB,
    });
    new s3deploy.BucketDeployment(this, "RuntimeConfig", {
      sources: [s3deploy.Source.jsonData(RUNTIME_CONFIG_KEY, props.runtimeConfig)],
      destinationBucket: this.bucket,
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      memoryLimit: DEPLOYMENT_MEMORY_MB,
    });
  }
}
