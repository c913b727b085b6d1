import { Duration } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { DURABLE_CHECKPOINT_ACTIONS } from "./constructs/durable-workflow.js";
import { executionTimeoutSeconds } from "./execution-budget.js";
import { logicalId, roleStatements } from "./testing/policy-statements.js";
import { buildTestApp } from "./testing/test-app.js";

const { stacks } = buildTestApp();
const template = Template.fromStack(stacks.workflow);
const fnId = logicalId(template, "AWS::Lambda::Function", "OrdersWorkflowFunction");
const roleId = logicalId(template, "AWS::IAM::Role", "OrdersWorkflowIdentityRole");
const fnArn = { "Fn::GetAtt": [fnId, "Arn"] };

describe("workflow stack", () => {
  it("runs the workflow on Node 22 as a durable function with the computed budget", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      DurableConfig: { ExecutionTimeout: 3 * 3600, RetentionPeriodInDays: 14 },
      Environment: {
        Variables: Match.objectLike({
          ORDERS_TABLE: Match.anyValue(),
          SHOP_TABLE: Match.anyValue(),
          EVENT_BUS_NAME: Match.anyValue(),
        }),
      },
    });
    expect(executionTimeoutSeconds()).toBe(3 * 3600);
  });

  it("takes another execution timeout when one is given", () => {
    const { stacks: other } = buildTestApp({ executionTimeout: Duration.hours(6) });
    Template.fromStack(other.workflow).hasResourceProperties("AWS::Lambda::Function", {
      DurableConfig: { ExecutionTimeout: 6 * 3600, RetentionPeriodInDays: 14 },
    });
  });

  it("publishes a retained version and a live alias on it", () => {
    const versions = template.findResources("AWS::Lambda::Version");
    const [versionId, version] = Object.entries(versions)[0]!;
    expect(Object.keys(versions)).toHaveLength(1);
    expect(version.DeletionPolicy).toBe("Retain");
    template.hasResourceProperties("AWS::Lambda::Alias", {
      Name: "live",
      FunctionName: { Ref: fnId },
      FunctionVersion: { "Fn::GetAtt": [versionId, "Version"] },
    });
  });

  it("lets the function checkpoint its own executions, on every version", () => {
    const durable = roleStatements(template, roleId).filter((s) =>
      s.actions.some((a) => a.includes("DurableExecution")),
    );
    expect(durable).toHaveLength(1);
    expect(durable[0]!.actions.sort()).toEqual([...DURABLE_CHECKPOINT_ACTIONS].sort());
    expect(durable[0]!.resources).toEqual([{ "Fn::Join": ["", [fnArn, ":*"]] }]);
  });

  it("grants logging, its tables, PutEvents on its bus and checkpointing, nothing more", () => {
    const statements = roleStatements(template, roleId);
    const actions = new Set(statements.flatMap((s) => s.actions));
    expect([...actions].sort()).toEqual(
      [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
        "dynamodb:DescribeTable",
        "dynamodb:GetItem",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:UpdateItem",
        "events:PutEvents",
        ...DURABLE_CHECKPOINT_ACTIONS,
      ].sort(),
    );
    const dynamoTargets = JSON.stringify(
      statements.filter((s) => s.actions[0]!.startsWith("dynamodb:")).map((s) => s.resources),
    );
    expect(dynamoTargets).toContain("TablesOrders");
    expect(dynamoTargets).toContain("TablesShop");
    const putEvents = statements.find((s) => s.actions.includes("events:PutEvents"))!;
    expect(JSON.stringify(putEvents.resources)).toMatch(/Bus.*Arn/);
    // No AWS managed policy: CDK's default for durable functions grants checkpointing on `*`.
    template.hasResourceProperties("AWS::IAM::Role", {
      ManagedPolicyArns: Match.absent(),
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: "lambda.amazonaws.com" } })],
      }),
    });
  });
});
