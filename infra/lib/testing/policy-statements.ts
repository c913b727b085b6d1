/** Walks every IAM policy statement in a synthesized template, wherever it is declared. */
import type { Template } from "aws-cdk-lib/assertions";

export interface FoundStatement {
  /** Logical id of the resource that holds the statement. */
  readonly holder: string;
  readonly holderType: string;
  readonly actions: string[];
  readonly resources: unknown[];
  readonly statement: Record<string, unknown>;
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function documentsOf(resource: Resource): unknown[] {
  const p = resource.Properties ?? {};
  switch (resource.Type) {
    case "AWS::IAM::Policy":
    case "AWS::IAM::ManagedPolicy":
    case "AWS::S3::BucketPolicy":
      return [p.PolicyDocument];
    case "AWS::IAM::Role":
      return asArray(p.Policies as { PolicyDocument: unknown }[]).map((x) => x.PolicyDocument);
    default:
      return [];
  }
}

export function policyStatements(template: Template): FoundStatement[] {
  const found: FoundStatement[] = [];
  const resources = template.toJSON().Resources as Record<string, Resource>;
  for (const [holder, resource] of Object.entries(resources)) {
    for (const doc of documentsOf(resource)) {
      const statements = asArray((doc as { Statement?: unknown }).Statement);
      for (const s of statements as Record<string, unknown>[]) {
        found.push({
          holder,
          holderType: resource.Type,
          actions: asArray(s.Action as string | string[]),
          resources: asArray(s.Resource),
          statement: s,
        });
      }
    }
  }
  return found;
}

/** The statements of every policy attached to one role (default policy and separate ones). */
export function roleStatements(template: Template, roleLogicalId: string): FoundStatement[] {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  return policyStatements(template).filter((s) => {
    const holder = resources[s.holder];
    if (s.holderType === "AWS::IAM::Role") return s.holder === roleLogicalId;
    const roles = asArray(holder?.Properties?.Roles as unknown[]);
    return roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId }));
  });
}

/** The one logical id of a resource type whose id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting ${prefix}, got ${ids}`);
  return ids[0]!;
}
