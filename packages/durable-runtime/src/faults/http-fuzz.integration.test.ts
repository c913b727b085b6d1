import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DurableRuntime } from "../index.js";
import { type HttpFace, recordingApproval, startHttpFace } from "../testing/http-face.js";

// Bad input against the Lambda-compatible HTTP face over raw fetch: malformed JSON, wrong
// types, huge bodies, unknown ids, forged and replayed callback ids. Every request must get a
// 4xx with an error type and a message, never a 5xx, and the executions must not change.

let runtime: DurableRuntime;
let face: HttpFace;
const callbackIds: string[] = [];
let pendingArn: string;
let pendingCallbackId: string;
let closedCallbackId: string;
let doneArn: string;

beforeAll(async () => {
  face = await startHttpFace();
  ({ runtime } = face);
  runtime.register("approval", recordingApproval(callbackIds));
  const start = async (name: string) => {
    const res = await fetch(`${face.url}/2015-03-31/functions/approval/invocations`, {
      method: "POST",
      headers: { "X-Amz-Invocation-Type": "Event", "X-Amz-Durable-Execution-Name": name },
      body: "{}",
    });
    expect(res.status).toBe(202);
    await runtime.settle();
    return res.headers.get("X-Amz-Durable-Execution-Arn")!;
  };
  doneArn = await start("done");
  closedCallbackId = callbackIds[0]!;
  await runtime.sendCallbackSuccess(closedCallbackId, '"yes"');
  await runtime.settle();
  pendingArn = await start("pending");
  pendingCallbackId = callbackIds[1]!;
  expect((await runtime.getExecution(doneArn)).Status).toBe("SUCCEEDED");
  expect((await runtime.getExecution(pendingArn)).Status).toBe("RUNNING");
});

afterAll(() => face?.close());

/** Everything an outsider could observe about the executions: statuses, results, histories. */
async function snapshot() {
  const { DurableExecutions = [] } = await runtime.listExecutions({ functionName: "approval" });
  return Promise.all(
    DurableExecutions.map(async (e) => {
      const execution = await runtime.getExecution(e.DurableExecutionArn!);
      const history = await runtime.getExecutionHistory(e.DurableExecutionArn!, {
        includeExecutionData: true,
      });
      return { execution, events: history.Events?.length };
    }),
  );
}

interface BadRequest {
  method: "GET" | "POST";
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

const enc = encodeURIComponent;
// An empty body is a valid Invoke (no payload), so malformed JSON here is never empty.
const notJson = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => {
  if (s.trim() === "") return false;
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
});
const anyJson = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null");
// Forged ids: random text, random base64, and the real id with bytes flipped or cut.
// Built after beforeAll, once the real ids exist.
const forgedCallbackId = () =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 300 }),
    fc.base64String({ minLength: 4, maxLength: 200 }),
    // A character other than the one there (an "X" over an "X" would be the real id).
    fc
      .nat({ max: 30 })
      .map(
        (i) =>
          `${pendingCallbackId.slice(0, i)}${pendingCallbackId[i] === "X" ? "Y" : "X"}${pendingCallbackId.slice(i + 1)}`,
      ),
    fc.nat({ max: 30 }).map((i) => pendingCallbackId.slice(0, pendingCallbackId.length - 1 - i)),
  );
const forgedArn = () =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 300 }),
    fc
      .uuid()
      .map((u) => pendingArn.replace(/durable-execution\/[^/]+\//, `durable-execution/${u}/`)),
    fc.constant(`${pendingArn}x`),
  );
const wrongTypes = fc.record(
  {
    Updates: fc.oneof(fc.string(), fc.integer(), fc.array(fc.jsonValue({ maxDepth: 2 }))),
    CheckpointToken: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
    ClientToken: fc.oneof(fc.integer(), fc.boolean()),
  },
  { requiredKeys: [] },
);

const badRequest = (): fc.Arbitrary<BadRequest> =>
  fc.oneof(
    // Invoke: malformed JSON to a real function; any JSON to an unknown one; bad headers.
    notJson.map((body) => ({
      method: "POST" as const,
      path: "/2015-03-31/functions/approval/invocations",
      body,
      headers: { "X-Amz-Invocation-Type": "Event" },
    })),
    fc.tuple(fc.stringMatching(/^[a-zA-Z0-9-_]{1,64}$/), anyJson).map(([fn, body]) => ({
      method: "POST" as const,
      path: `/2015-03-31/functions/nope-${fn}/invocations`,
      body,
      headers: { "X-Amz-Invocation-Type": "Event" },
    })),
    fc.string({ minLength: 1, maxLength: 40 }).map((type) => ({
      method: "POST" as const,
      path: "/2015-03-31/functions/approval/invocations",
      body: "{}",
      headers: { "X-Amz-Invocation-Type": `Bad${type.replace(/[^\x20-\x7e]/g, "")}` },
    })),
    // Callbacks with forged ids, and replays of one that already closed.
    fc
      .tuple(forgedCallbackId(), fc.constantFrom("succeed", "fail", "heartbeat"), anyJson)
      .map(([id, action, body]) => ({
        method: "POST" as const,
        path: `/2025-12-01/durable-execution-callbacks/${enc(id)}/${action}`,
        body,
      })),
    fc.tuple(fc.constantFrom("succeed", "fail", "heartbeat"), anyJson).map(([action, body]) => ({
      method: "POST" as const,
      path: `/2025-12-01/durable-execution-callbacks/${enc(closedCallbackId)}/${action}`,
      body: action === "fail" ? "{}" : body,
    })),
    // The live callback with a body of the wrong shape must not complete it.
    fc
      .oneof(
        notJson,
        fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ ErrorMessage: v, ErrorType: 7 })),
      )
      .map((body) => ({
        method: "POST" as const,
        path: `/2025-12-01/durable-execution-callbacks/${enc(pendingCallbackId)}/fail`,
        body,
      })),
    // Checkpoints and state reads: unknown executions, forged tokens, wrong types, bad JSON.
    fc
      .tuple(
        fc.oneof(forgedArn(), fc.constant(pendingArn)),
        fc.oneof(
          notJson,
          wrongTypes.map((v) => JSON.stringify(v)),
        ),
      )
      .map(([arn, body]) => ({
        method: "POST" as const,
        path: `/2025-12-01/durable-executions/${enc(arn)}/checkpoint`,
        body,
      })),
    fc
      .tuple(fc.constantFrom(pendingArn, doneArn), fc.string({ minLength: 1, maxLength: 100 }))
      .map(([arn, token]) => ({
        method: "POST" as const,
        path: `/2025-12-01/durable-executions/${enc(arn)}/checkpoint`,
        body: JSON.stringify({ CheckpointToken: token, Updates: [] }),
      })),
    fc
      .tuple(fc.constantFrom(pendingArn, doneArn), fc.string({ minLength: 1, maxLength: 100 }))
      .map(([arn, token]) => ({
        method: "GET" as const,
        path: `/2025-12-01/durable-executions/${enc(arn)}/state?CheckpointToken=${enc(token)}`,
      })),
    // Reads and stops of executions that do not exist; list with wrong parameter types.
    fc.tuple(forgedArn(), fc.constantFrom("", "/history", "/stop")).map(([arn, suffix]) => ({
      method: suffix === "/stop" ? ("POST" as const) : ("GET" as const),
      path: `/2025-12-01/durable-executions/${enc(arn)}${suffix}`,
      body: suffix === "/stop" ? "{}" : undefined,
    })),
    fc
      .tuple(
        fc.constantFrom("MaxItems", "Statuses", "StartedAfter", "Marker", "ReverseOrder"),
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 40 }),
          fc.constantFrom("-1", "0", "99999", "NaN"),
        ),
      )
      .filter(([key, value]) => !(key === "ReverseOrder" && /^(true|false)$/.test(value)))
      .map(([key, value]) => ({
        method: "GET" as const,
        path: `/2025-12-01/functions/approval/durable-executions?${key}=${enc(value)}`,
      })),
  );

async function send(req: BadRequest) {
  const res = await fetch(`${face.url}${req.path}`, {
    method: req.method,
    headers: req.headers,
    body: req.body,
  });
  const text = await res.text();
  return { status: res.status, errorType: res.headers.get("x-amzn-errortype"), text };
}

describe("the runtime's HTTP face under bad input", () => {
  it("answers every bad request with a 4xx and a message, and changes nothing", async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(badRequest(), async (req) => {
        const res = await send(req);
        // Some generated list queries are valid (e.g. Marker-free filters): 200 is fine there,
        // as long as nothing changes; everything else must be a client error.
        if (res.status === 200 && req.method === "GET" && req.path.includes("/functions/")) return;
        expect(res.status, `${req.method} ${req.path}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${req.method} ${req.path}: ${res.text}`).toBeLessThan(500);
        expect(res.errorType).toMatch(/Exception$/);
        const body = JSON.parse(res.text) as { message?: string; Message?: string };
        expect((body.message ?? body.Message ?? "").length).toBeGreaterThan(5);
      }),
      { numRuns: 200, seed: 8 },
    );
    await runtime.settle();
    expect(await snapshot()).toEqual(before);
  });

  it("rejects bodies over the 6 MB limit with 413 RequestEntityTooLargeException", async () => {
    const before = await snapshot();
    const huge = JSON.stringify({ blob: "x".repeat(7 * 1024 * 1024) });
    for (const path of [
      "/2015-03-31/functions/approval/invocations",
      `/2025-12-01/durable-execution-callbacks/${enc(pendingCallbackId)}/succeed`,
      `/2025-12-01/durable-executions/${enc(pendingArn)}/checkpoint`,
    ]) {
      const res = await send({ method: "POST", path, body: huge });
      expect(res.status, path).toBe(413);
      expect(res.errorType).toBe("RequestEntityTooLargeException");
    }
    await runtime.settle();
    expect(await snapshot()).toEqual(before);
  });

  it("still completes the real callback afterwards (the fuzzing left it usable)", async () => {
    const res = await send({
      method: "POST",
      path: `/2025-12-01/durable-execution-callbacks/${enc(pendingCallbackId)}/succeed`,
      body: '"ok"',
    });
    expect(res.status).toBe(200);
    await runtime.settle();
    expect((await runtime.getExecution(pendingArn)).Status).toBe("SUCCEEDED");
  });
});
