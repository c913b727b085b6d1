import { describe, expect, it } from "vitest";
import { callbackRequirements } from "./callback.js";
import { childRequirements } from "./child.js";
import { invokeRequirements } from "./invoke.js";
import { mapRequirements } from "./map.js";
import { parallelRequirements } from "./parallel.js";
import { pluginRequirements } from "./plugin.js";
import type { Requirement } from "./requirement.js";
import { runRequirement } from "./run.js";
import { stepRequirements } from "./step.js";
import { waitRequirements } from "./wait.js";
import { waitForCallbackRequirements } from "./wait-for-callback.js";
import { waitForConditionRequirements } from "./wait-for-condition.js";

/**
 * The suites of AWS's service conformance suite (aws/aws-durable-execution-conformance-tests)
 * as this project restates them. It registers Vitest tests, so it is not part of the
 * `@coffee/durable-runtime/testing` entry.
 */
export const serviceSuites: [string, Requirement[]][] = [
  ["step", stepRequirements],
  ["wait", waitRequirements],
  ["callback", callbackRequirements],
  ["invoke", invokeRequirements],
  ["child", childRequirements],
  ["wait_for_callback", waitForCallbackRequirements],
  ["wait_for_condition", waitForConditionRequirements],
  ["parallel", parallelRequirements],
  ["map", mapRequirements],
  ["plugin", pluginRequirements],
];

/**
 * One test per requirement, through @aws-sdk/client-lambda against the runtime's HTTP face:
 * our handlers from each requirement's prose, matched with the suite's rules (run.ts).
 */
export function describeServiceSuites(suites: [string, Requirement[]][]): void {
  describe.each(suites)("service conformance suite %s", (_suite, requirements) => {
    it.concurrent.each(requirements.map((r) => [r.id, r] as const))("%s", async (_id, req) => {
      const errors = await runRequirement(req);
      if (req.gap) {
        // Known not to pass (README): only the known mismatches, and at least one of them.
        expect(errors.length, "passes now: drop its gap").toBeGreaterThan(0);
        const unknown = errors.filter((e) => !req.gap!.errors.some((re) => re.test(e)));
        expect(unknown, unknown.join("\n")).toEqual([]);
      } else expect(errors, errors.join("\n")).toEqual([]);
    });
  });
}
