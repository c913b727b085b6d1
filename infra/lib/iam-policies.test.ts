import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { type FoundStatement, policyStatements } from "./testing/policy-statements.js";
import { buildTestApp } from "./testing/test-app.js";

const { stacks } = buildTestApp();
const templates = Object.entries(stacks).map(([name, stack]) => ({
  name,
  template: Template.fromStack(stack),
}));
// Allow statements only: a wide Deny (the bucket's "TLS only" rule denies s3:* on it) narrows.
const all = templates.flatMap(({ name, template }) =>
  policyStatements(template)
    .filter((s) => s.statement.Effect === "Allow")
    .map((s) => ({ stack: name, ...s })),
);

/**
 * Every statement that may name `*` as its resource, and why no resource can be named there.
 * Anything else with `*` fails the test.
 */
const STAR_ALLOWED: { actions: string[]; why: string }[] = [];

function hasStarResource(s: FoundStatement): boolean {
  return s.resources.some((r) => r === "*");
}

describe("IAM statements", () => {
  it("finds the policies to walk (a walk over nothing proves nothing)", () => {
    expect(all.length).toBeGreaterThan(15);
    expect(new Set(all.map((s) => s.stack))).toEqual(
      new Set(["workflow", "api", "realtime", "web"]),
    );
  });

  it("never uses `*` as a resource where one can be named", () => {
    const offending = all
      .filter(hasStarResource)
      .filter(
        (s) =>
          !STAR_ALLOWED.some(
            (a) => JSON.stringify([...a.actions].sort()) === JSON.stringify([...s.actions].sort()),
          ),
      )
      .map((s) => `${s.stack}/${s.holder}: ${s.actions.join(", ")}`);
    expect(offending).toEqual([]);
  });

  it("never grants a whole service or every action", () => {
    const wide = all.flatMap((s) => s.actions.filter((a) => a === "*" || /^[\w-]+:\*$/.test(a)));
    expect(wide).toEqual([]);
  });

  /** The app's own functions: the workflow, the API and the scheduled reconciler. */
  const APP_FUNCTIONS = ["OrdersWorkflow", "Api", "Reconciler"];
  const appStatements = all.filter((s) => APP_FUNCTIONS.some((f) => s.holder.startsWith(f)));

  it("walks the policies of every app function", () => {
    const holders = new Set(
      appStatements.map((s) => APP_FUNCTIONS.find((f) => s.holder.startsWith(f))),
    );
    expect([...holders].sort()).toEqual([...APP_FUNCTIONS].sort());
  });

  it("never grants iam: or sts: actions to the app's functions", () => {
    const escalating = appStatements.flatMap((s) =>
      s.actions.filter((a) => a.startsWith("iam:") || a.startsWith("sts:")),
    );
    expect(escalating).toEqual([]);
  });

  it("lets only the workflow checkpoint, the API and the reconciler read executions, nobody stop one", () => {
    const holders = (action: string) =>
      [...new Set(all.filter((s) => s.actions.includes(action)).map((s) => s.holder))].sort();
    expect(holders("lambda:CheckpointDurableExecution")).toEqual([
      expect.stringMatching(/^OrdersWorkflowDurablePolicy/),
    ]);
    expect(holders("lambda:GetDurableExecution")).toEqual([
      expect.stringMatching(/^ApiIdentityRoleDefaultPolicy/),
      expect.stringMatching(/^ReconcilerIdentityRoleDefaultPolicy/),
    ]);
    expect(holders("lambda:StopDurableExecution")).toEqual([]);
  });

  it("attaches no AWS managed policy to the app's own roles", () => {
    for (const { name, template } of templates) {
      for (const [id, role] of Object.entries(template.findResources("AWS::IAM::Role"))) {
        if (id.startsWith("Custom")) continue; // aws-cdk-lib's own custom resource handlers
        expect({ role: `${name}/${id}`, managed: role.Properties.ManagedPolicyArns }).toEqual({
          role: `${name}/${id}`,
          managed: undefined,
        });
      }
    }
  });

  it("has a walker that would see a `*` (self-check on a synthetic statement)", () => {
    const star = { holder: "X", holderType: "AWS::IAM::Policy", actions: ["s3:GetObject"] };
    expect(hasStarResource({ ...star, resources: ["*"], statement: {} })).toBe(true);
    expect(hasStarResource({ ...star, resources: ["arn:aws:s3:::b/*"], statement: {} })).toBe(
      false,
    );
  });
});
