import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import {
  API_PATH_PATTERN,
  HASHED_ASSETS_PREFIX,
  RUNTIME_CONFIG_KEY,
} from "./constructs/static-site.js";
import { buildTestApp } from "./testing/test-app.js";

const { app, stacks } = buildTestApp();
const template = Template.fromStack(stacks.web);
const distribution = () =>
  Object.values(template.findResources("AWS::CloudFront::Distribution"))[0]!.Properties
    .DistributionConfig;

// Managed policy ids (the same in every account).
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

describe("web stack", () => {
  it("serves the app from a private bucket through origin access control", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    expect(distribution().DefaultRootObject).toBe("index.html");
  });

  it("sends /api/* to the HTTP API, uncached, with every method and viewer header but Host", () => {
    const config = distribution();
    expect(config.CacheBehaviors).toHaveLength(1);
    const api = config.CacheBehaviors[0];
    expect(api.PathPattern).toBe(API_PATH_PATTERN);
    expect(api.AllowedMethods).toEqual(
      expect.arrayContaining(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]),
    );
    expect(api.CachePolicyId).toBe(CACHING_DISABLED);
    expect(api.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST);
    expect(api.ViewerProtocolPolicy).toBe("https-only");
    const origin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe("https-only");
    // The execute-api host name, taken from the API stack's endpoint.
    expect(JSON.stringify(origin.DomainName)).toMatch(/ApiHttpApi.*ApiEndpoint/);
  });

  it("rewrites client-side routes to index.html on the site behavior only", () => {
    const config = distribution();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    template.hasResourceProperties("AWS::CloudFront::Function", {
      FunctionCode: Match.stringLikeRegexp("/index.html"),
    });
    expect(JSON.stringify(config.CacheBehaviors[0].FunctionAssociations)).not.toEqual(
      JSON.stringify(config.DefaultCacheBehavior.FunctionAssociations),
    );
  });

  it("runs functions that rewrite routes and pass the site's host to the API", () => {
    const functions = Object.values(template.findResources("AWS::CloudFront::Function")).map(
      (f) => f.Properties.FunctionCode as string,
    );
    type Req = { uri: string; headers: Record<string, { value: string }> };
    const load = (needle: string) => {
      const code = functions.find((c) => c.includes(needle))!;
      return new Function(`${code}; return handler;`)() as (e: { request: Req }) => Req;
    };
    const rewrite = load("index.html");
    const request = (uri: string): { request: Req } => ({
      request: { uri, headers: { host: { value: "d111.cloudfront.net" } } },
    });
    expect(rewrite(request("/barista")).uri).toBe("/index.html");
    expect(rewrite(request("/orders/01JABC")).uri).toBe("/index.html");
    expect(rewrite(request("/")).uri).toBe("/index.html");
    expect(rewrite(request("/assets/index-3f2a.js")).uri).toBe("/assets/index-3f2a.js");
    expect(rewrite(request("/config.json")).uri).toBe("/config.json");
    const forward = load("x-forwarded-host");
    expect(forward(request("/api/config")).headers["x-forwarded-host"]).toEqual({
      value: "d111.cloudfront.net",
    });
  });

  it("uploads hashed files as immutable and the shell and config.json as no-cache", () => {
    const deployments = Object.values(template.findResources("Custom::CDKBucketDeployment")).map(
      (d) => d.Properties,
    );
    expect(deployments).toHaveLength(3);
    const hashed = deployments.find((d) => d.Include?.includes(`${HASHED_ASSETS_PREFIX}*`));
    expect(hashed.SystemMetadata["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(hashed.Prune).toBe(false);
    const others = deployments.filter((d) => d !== hashed);
    for (const d of others) expect(d.SystemMetadata["cache-control"]).toBe("no-cache");
  });

  it("writes config.json with the realtime API, its key and the Cognito client", () => {
    const config = Object.values(template.findResources("Custom::CDKBucketDeployment")).find(
      (d) => d.Properties.SourceMarkers?.length,
    )!.Properties;
    const markers = JSON.stringify(config.SourceMarkers);
    expect(markers).toMatch(/RealtimeApibrowsersApiKey\w*ApiKey/);
    expect(markers).toMatch(/RealtimeApi\w*DnsHttp/);
    expect(markers).toMatch(/StaffUserPoolWebClient/);
  });

  it("writes config.json in the shape the web app reads", () => {
    const outdir = app.synth().directory;
    const dir = readdirSync(outdir).find((d) =>
      existsSync(path.join(outdir, d, RUNTIME_CONFIG_KEY)),
    )!;
    const written = JSON.parse(readFileSync(path.join(outdir, dir, RUNTIME_CONFIG_KEY), "utf8"));
    expect(written).toEqual({
      apiBaseUrl: "/api",
      realtime: {
        kind: "appsync-events",
        httpDomain: expect.stringMatching(/^<<marker:/),
        realtimeDomain: expect.stringMatching(/^<<marker:/),
        apiKey: expect.stringMatching(/^<<marker:/),
        channels: { orders: "/coffee/orders", shop: "/coffee/shop" },
      },
      auth: {
        kind: "cognito",
        region: expect.stringMatching(/^<<marker:/),
        userPoolId: expect.stringMatching(/^<<marker:/),
        clientId: expect.stringMatching(/^<<marker:/),
      },
    });
  });

  it("outputs the site URL", () => {
    template.hasOutput("SiteUrl", {
      Value: { "Fn::Join": ["", ["https://", { "Fn::GetAtt": [Match.anyValue(), "DomainName"] }]] },
    });
  });
});
