import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { DURABLE_CALLBACK_ACTIONS, DURABLE_READ_ACTIONS } from "./constructs/api-service.js";
import { logicalId, roleStatements } from "./testing/policy-statements.js";
import { buildTestApp } from "./testing/test-app.js";

const { stacks } = buildTestApp();
const template = Template.fromStack(stacks.api);
const roleId = logicalId(template, "AWS::IAM::Role", "ApiIdentityRole");
const statements = roleStatements(template, roleId);
const json = (v: unknown) => JSON.stringify(v);

// Cross-stack references render as imports of the workflow stack's exports.
const functionArnRef = {
  "Fn::ImportValue": Match.stringLikeRegexp("OrdersWorkflowFunction\\w*Arn"),
};
const isFunctionArn = (r: unknown) => /OrdersWorkflowFunction\w*Arn/.test(json(r));

describe("api stack", () => {
  it("runs the API on Node 22 with the tables, bus, workflow, alias, Cognito and session secret", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs22.x",
      Environment: {
        Variables: Match.objectLike({
          ORDERS_TABLE: Match.anyValue(),
          SHOP_TABLE: Match.anyValue(),
          EVENT_BUS_NAME: Match.anyValue(),
          WORKFLOW_FUNCTION_NAME: functionArnRef,
          WORKFLOW_QUALIFIER: "live",
          COGNITO_REGION: { Ref: "AWS::Region" },
          COGNITO_USER_POOL_ID: Match.anyValue(),
          COGNITO_CLIENT_ID: Match.anyValue(),
          // A dynamic reference: the secret's value is never in the template.
          SESSION_SECRET: {
            "Fn::Join": [
              "",
              [
                "{{resolve:secretsmanager:",
                { Ref: Match.stringLikeRegexp("ApiSessionSecret") },
                ":SecretString:::}}",
              ],
            ],
          },
        }),
      },
    });
  });

  it("generates the session-signing secret, deleted with the stack", () => {
    template.hasResource("AWS::SecretsManager::Secret", {
      DeletionPolicy: "Delete",
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
      }),
    });
  });

  it("is reached through an HTTP API whose default route is the Lambda function", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    template.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "$default" });
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
    });
  });

  it("may invoke the workflow through its alias only", () => {
    const invoke = statements.filter((s) => s.actions.includes("lambda:InvokeFunction"));
    expect(invoke).toHaveLength(1);
    expect(invoke[0]!.actions).toEqual(["lambda:InvokeFunction"]);
    expect(json(invoke[0]!.resources)).toMatch(/OrdersWorkflowLive/);
    expect(json(invoke[0]!.resources)).not.toMatch(/OrdersWorkflowFunction/);
  });

  it("may complete callbacks and read executions of the workflow's versions", () => {
    const callbacks = statements.find((s) =>
      s.actions.includes("lambda:SendDurableExecutionCallbackSuccess"),
    )!;
    expect(callbacks.actions.sort()).toEqual([...DURABLE_CALLBACK_ACTIONS].sort());
    expect(callbacks.resources).toHaveLength(1);
    expect(isFunctionArn(callbacks.resources[0])).toBe(true);
    expect(json(callbacks.resources[0])).toContain('":*"');

    const reads = statements.find((s) => s.actions.includes("lambda:GetDurableExecutionHistory"))!;
    expect(reads.actions.sort()).toEqual([...DURABLE_READ_ACTIONS].sort());
    expect(reads.resources.every(isFunctionArn)).toBe(true);
  });

  it("cannot checkpoint or stop executions: that is the workflow's and the operator's", () => {
    const actions = statements.flatMap((s) => s.actions);
    expect(actions).not.toContain("lambda:CheckpointDurableExecution");
    expect(actions).not.toContain("lambda:StopDurableExecution");
    expect(actions.filter((a) => a.startsWith("lambda:")).sort()).toEqual(
      ["lambda:InvokeFunction", ...DURABLE_CALLBACK_ACTIONS, ...DURABLE_READ_ACTIONS].sort(),
    );
  });

  it("passes a fixed web origin only when one is configured", () => {
    const fn = () => Object.values(template.findResources("AWS::Lambda::Function"))[0]!;
    expect(fn().Properties.Environment.Variables.WEB_ORIGIN).toBeUndefined();
    const other = Template.fromStack(
      buildTestApp({ webOrigin: "https://coffee.example.com" }).stacks.api,
    );
    other.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({ WEB_ORIGIN: "https://coffee.example.com" }),
      },
    });
  });
});

describe("order reconciler", () => {
  const reconcilerRoleId = logicalId(template, "AWS::IAM::Role", "ReconcilerIdentityRole");
  const reconciler = roleStatements(template, reconcilerRoleId);
  const fnId = logicalId(template, "AWS::Lambda::Function", "ReconcilerFunction");

  it("runs the reconciler entry on Node 22 with the workflow alias and the local stack's settings", () => {
    const fn = template.findResources("AWS::Lambda::Function")[fnId]!;
    expect(fn.Properties).toMatchObject({
      Runtime: "nodejs22.x",
      Timeout: 60,
      Environment: {
        Variables: {
          ORDERS_TABLE: expect.anything(),
          WORKFLOW_FUNCTION_NAME: expect.anything(),
          WORKFLOW_QUALIFIER: "live",
          PENDING_GRACE_SECONDS: "30",
          PENDING_SWEEP_CONCURRENCY: "4",
          OPEN_ORDER_MIN_AGE_SECONDS: "120",
          OPEN_ORDER_SWEEP_LIMIT: "50",
        },
      },
    });
    expect(isFunctionArn(fn.Properties.Environment.Variables.WORKFLOW_FUNCTION_NAME)).toBe(true);
    // Never the API's secrets or sign-in settings: it serves no requests.
    expect(Object.keys(fn.Properties.Environment.Variables)).not.toContain("SESSION_SECRET");
  });

  it("is run every minute by an EventBridge schedule, without delivery retries", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      State: "ENABLED",
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [fnId, "Arn"] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: { "Fn::GetAtt": [fnId, "Arn"] },
      Principal: "events.amazonaws.com",
    });
  });

  it("grants what the two sweeps use, each on its own resource, and nothing more", () => {
    const byAction = (action: string) =>
      reconciler.filter((s) => s.actions.includes(action)).flatMap((s) => s.resources.map(json));
    expect([...new Set(reconciler.flatMap((s) => s.actions))].sort()).toEqual(
      [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "dynamodb:Query",
        "dynamodb:GetItem",
        "dynamodb:UpdateItem",
        "events:PutEvents",
        "lambda:InvokeFunction",
        "lambda:ListDurableExecutionsByFunction",
        "lambda:GetDurableExecution",
      ].sort(),
    );
    // Open orders through the status index only; items by key on the orders and shop tables.
    const query = byAction("dynamodb:Query");
    expect(query).toHaveLength(1);
    expect(query[0]).toMatch(/TablesOrders\w*Arn/);
    expect(query[0]).toContain("/index/byStatus");
    for (const action of ["dynamodb:GetItem", "dynamodb:UpdateItem"]) {
      const tables = byAction(action);
      expect(tables).toHaveLength(2);
      expect(tables.some((t) => /TablesOrders\w*Arn/.test(t))).toBe(true);
      expect(tables.some((t) => /TablesShop\w*Arn/.test(t))).toBe(true);
      expect(tables.join()).not.toContain("/index/");
    }
    expect(byAction("events:PutEvents")).toEqual([expect.stringMatching(/Bus\w*Arn/)]);
    // Starts on the alias only; reads executions by ARN (any version), lists them by name.
    const invoke = byAction("lambda:InvokeFunction");
    expect(invoke).toEqual([expect.stringMatching(/OrdersWorkflowLive/)]);
    expect(invoke[0]).not.toMatch(/OrdersWorkflowFunction/);
    const list = byAction("lambda:ListDurableExecutionsByFunction");
    expect(list).toHaveLength(2);
    expect(list.every((r) => /OrdersWorkflowFunction\w*Arn/.test(r))).toBe(true);
    const get = byAction("lambda:GetDurableExecution");
    expect(get).toHaveLength(1);
    expect(get[0]).toMatch(/OrdersWorkflowFunction\w*Arn/);
    expect(get[0]).toContain('":*"');
  });
});
