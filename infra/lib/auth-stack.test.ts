import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, it } from "vitest";
import { STAFF_GROUPS } from "./constructs/staff-directory.js";
import { buildTestApp } from "./testing/test-app.js";

const { stacks } = buildTestApp();
const template = Template.fromStack(stacks.auth);

describe("auth stack", () => {
  it("has a user pool where only admins create accounts", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it("has the barista and admin groups", () => {
    template.resourceCountIs("AWS::Cognito::UserPoolGroup", STAFF_GROUPS.length);
    for (const group of STAFF_GROUPS) {
      template.hasResourceProperties("AWS::Cognito::UserPoolGroup", {
        GroupName: group,
        UserPoolId: { Ref: Match.stringLikeRegexp("StaffUserPool") },
      });
    }
  });

  it("has a public web client (no secret) for password and SRP sign-in", () => {
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"]),
    });
  });
});
