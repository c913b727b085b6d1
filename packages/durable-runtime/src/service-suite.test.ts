import { describe, expect, it } from "vitest";
import { callbackRequirements } from "./testing/service-suite/callback.js";
import { childRequirements } from "./testing/service-suite/child.js";
import { invokeRequirements } from "./testing/service-suite/invoke.js";
import { mapRequirements } from "./testing/service-suite/map.js";
import { parallelRequirements } from "./testing/service-suite/parallel.js";
import type { Requirement } from "./testing/service-suite/requirement.js";
import { runRequirement } from "./testing/service-suite/run.js";
import { stepRequirements } from "./testing/service-suite/step.js";
import { waitRequirements } from "./testing/service-suite/wait.js";
import { waitForCallbackRequirements } from "./testing/service-suite/wait-for-callback.js";
import { waitForConditionRequirements } from "./testing/service-suite/wait-for-condition.js";

/**
 * AWS's service conformance suite (aws/aws-durable-execution-conformance-tests), requirement
 * by requirement, through @aws-sdk/client-lambda against the runtime's HTTP face: our handlers
 * from each requirement's prose, matched with the suite's rules (see testing/service-suite).
 */
const suites: [string, Requirement[]][] = [
  ["step", stepRequirements],
  ["wait", waitRequirements],
  ["callback", callbackRequirements],
  ["invoke", invokeRequirements],
  ["child", childRequirements],
  ["wait_for_callback", waitForCallbackRequirements],
  ["wait_for_condition", waitForConditionRequirements],
  ["parallel", parallelRequirements],
  ["map", mapRequirements],
];

describe.each(suites)("service conformance suite %s", (_suite, requirements) => {
  it.concurrent.each(requirements.map((r) => [r.id, r] as const))("%s", async (_id, req) => {
    const errors = await runRequirement(req);
    expect(errors, errors.join("\n")).toEqual([]);
  });
});
