import { Token } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { buildTestApp } from "./testing/test-app.js";

const { app, stacks } = buildTestApp();
// Cross-stack references become stack dependencies when the app is synthesized.
app.synth();

describe("the app's stacks", () => {
  it("are environment-agnostic: account and region come from the deploying profile", () => {
    for (const stack of Object.values(stacks)) {
      expect(Token.isUnresolved(stack.account)).toBe(true);
      expect(Token.isUnresolved(stack.region)).toBe(true);
    }
  });

  it("take a name prefix, so that several copies fit in one account", () => {
    const names = Object.values(buildTestApp({ prefix: "Demo" }).stacks).map((s) => s.stackName);
    expect(names).toEqual([
      "DemoData",
      "DemoAuth",
      "DemoWorkflow",
      "DemoApi",
      "DemoRealtime",
      "DemoWeb",
    ]);
  });

  it("deploy in dependency order: data and auth first, the site last", () => {
    const deps = (name: keyof typeof stacks) =>
      stacks[name].dependencies.map((d) => d.stackName).sort();
    expect(deps("data")).toEqual([]);
    expect(deps("auth")).toEqual([]);
    expect(deps("workflow")).toEqual(["CoffeeData"]);
    expect(deps("api")).toEqual(["CoffeeAuth", "CoffeeData", "CoffeeWorkflow"]);
    expect(deps("realtime")).toEqual(["CoffeeData"]);
    expect(deps("web")).toEqual(["CoffeeApi", "CoffeeAuth", "CoffeeRealtime"]);
  });

  it("output the URLs and ids a deployer needs", () => {
    const outputs = (name: keyof typeof stacks) =>
      Object.keys(Template.fromStack(stacks[name]).findOutputs("*")).filter(
        (k) => !k.startsWith("ExportsOutput"),
      );
    expect(outputs("web")).toEqual(["SiteUrl"]);
    expect(outputs("api")).toEqual(["ApiEndpoint"]);
    expect(outputs("auth")).toEqual(["UserPoolId", "WebClientId", "Region"]);
    expect(outputs("realtime")).toEqual(["RealtimeHttpDomain", "RealtimeWebSocketDomain"]);
    expect(outputs("workflow")).toEqual(["WorkflowFunctionName", "WorkflowAliasArn"]);
  });
});
