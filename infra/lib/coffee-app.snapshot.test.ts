import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { buildTestApp } from "./testing/test-app.js";

/**
 * Replaces what changes without a change in this app: asset hashes (they follow aws-cdk-lib's
 * bundled handlers), hash suffixes of logical ids, and the API key's expiry (a clock time).
 */
export function normalize(template: unknown): unknown {
  const text = JSON.stringify(template)
    .replace(/[0-9a-f]{64}/g, "<hash>")
    .replace(/([A-Za-z])[0-9a-f]{32}/g, "$1<hash>")
    .replace(/"Expires":\d+/g, '"Expires":"<expires>"');
  return JSON.parse(text);
}

const { stacks } = buildTestApp();

describe("normalized snapshot", () => {
  for (const [name, stack] of Object.entries(stacks)) {
    it(`${name} stack`, () => {
      expect(normalize(Template.fromStack(stack).toJSON())).toMatchSnapshot();
    });
  }

  it("normalizes hashes and clock times but nothing else", () => {
    expect(
      normalize({
        S3Key: `${"a".repeat(64)}.zip`,
        Id: `FnCurrentVersion${"b".repeat(32)}`,
        Expires: 1767225600,
        Name: "live",
      }),
    ).toEqual({
      S3Key: "<hash>.zip",
      Id: "FnCurrentVersion<hash>",
      Expires: "<expires>",
      Name: "live",
    });
  });
});
