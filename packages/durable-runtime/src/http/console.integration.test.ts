import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consoleAssetsDir } from "@coffee/console";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DurableRuntime } from "../runtime.js";
import { MemoryStore } from "../store/memory-store.js";
import { manualRuntime } from "../testing/fixture.js";
import * as h from "../testing/handlers.js";
import { createApp } from "./create-app.js";
import { HISTORY_FIXTURE_FORMAT, type HistoryFixture } from "./history-fixture.js";

let runtime: DurableRuntime;
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  ({ runtime } = manualRuntime(new MemoryStore()));
  runtime.register("greeter", h.stepWaitStep);
  runtime.register("doubler", h.doubler, { durable: false });
  app = createApp(runtime, { console: { runtime, assetsDir: consoleAssetsDir } });
});
afterEach(() => runtime.close());

async function startGreeter(name: string) {
  const { executionArn } = await runtime.startExecution({
    functionName: "greeter",
    executionName: name,
    input: { name: "Ada", waitSeconds: 3600, key: name },
  });
  await runtime.settle();
  return executionArn;
}
async function waitId(arn: string) {
  const { Events } = await runtime.getExecutionHistory(arn);
  return Events.find((e) => e.EventType === "WaitStarted")?.Id as string;
}
const at = (arn: string) => `/console/api/durable-executions/${encodeURIComponent(arn)}`;

describe("the console's API", () => {
  it("lists the registered functions, durable or not", async () => {
    const res = await app.request("/console/api/functions");
    expect(await res.json()).toEqual({
      Functions: [
        { FunctionName: "doubler", Durable: false },
        { FunctionName: "greeter", Durable: true },
      ],
    });
  });

  it("fires a pending wait now, and refuses anything else with a clear message", async () => {
    const arn = await startGreeter("fire-1");
    const { Events } = await runtime.getExecutionHistory(arn);
    const wait = Events.find((e) => e.EventType === "WaitStarted")?.Id as string;
    const step = Events.find((e) => e.EventType === "StepSucceeded")?.Id as string;

    const refused = await app.request(`${at(arn)}/operations/${step}/fire-now`, { method: "POST" });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("x-amzn-errortype")).toBe("InvalidParameterValueException");
    expect(await refused.json()).toMatchObject({
      message:
        'Fire now applies to a pending wait or a step waiting to retry; STEP "greet" is SUCCEEDED',
    });

    const fired = await app.request(`${at(arn)}/operations/${wait}/fire-now`, { method: "POST" });
    expect(await fired.json()).toEqual({ Fired: "WAIT" });
    await runtime.settle();
    expect((await runtime.getExecution(arn)).Status).toBe("SUCCEEDED");

    const unknown = await app.request(
      `${at(arn.replace("fire-1", "nope"))}/operations/x/fire-now`,
      {
        method: "POST",
      },
    );
    expect(unknown.status).toBe(404);
  });

  it("counts the checkpoint calls of handlers in-process and over HTTP, polls apart", async () => {
    const counts = async () =>
      (await (await app.request("/console/api/counts")).json()) as {
        Checkpoints: number;
        EmptyCheckpoints: number;
      };
    expect(await counts()).toEqual({ Checkpoints: 0, EmptyCheckpoints: 0 });
    // The SDK batches a step's START and SUCCEED: the first invocation checkpoints "greet",
    // then the wait's START; the wait's end is in the past on the SDK's clock (the runtime's
    // clock is a manual one, set to January), so it polls at once, an empty checkpoint, before
    // it suspends. Fired, the second checkpoints "finish"; its result is the invocation's
    // output, not a checkpoint.
    const arn = await startGreeter("count-1");
    expect(await counts()).toEqual({ Checkpoints: 3, EmptyCheckpoints: 1 });
    await app.request(`${at(arn)}/operations/${await waitId(arn)}/fire-now`, { method: "POST" });
    await runtime.settle();
    expect((await runtime.getExecution(arn)).Status).toBe("SUCCEEDED");
    expect(await counts()).toEqual({ Checkpoints: 4, EmptyCheckpoints: 1 });

    // A handler in another process checkpoints over HTTP; a refused call is a call too.
    const refused = await app.request(
      `/2025-12-01/durable-executions/${encodeURIComponent(arn)}/checkpoint`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ CheckpointToken: "stale.1" }),
      },
    );
    expect(refused.status).toBe(400);
    expect(await counts()).toEqual({ Checkpoints: 5, EmptyCheckpoints: 2 });
    expect(runtime.counts).toEqual({ checkpoints: 5, emptyCheckpoints: 2 });
  });

  it("exports an execution's history as a JSON fixture with its payloads", async () => {
    const arn = await startGreeter("export-1");
    const res = await app.request(`${at(arn)}/fixture`);
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="export-1.history.json"',
    );
    const fixture = (await res.json()) as HistoryFixture;
    expect(fixture.format).toBe(HISTORY_FIXTURE_FORMAT);
    expect(fixture.execution).toMatchObject({
      DurableExecutionName: "export-1",
      Status: "RUNNING",
    });
    expect(fixture.events.map((e) => e.EventType)).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "WaitStarted",
      "InvocationCompleted",
    ]);
    expect(fixture.events[2]?.StepSucceededDetails?.Result?.Payload).toBe('"Hello, Ada"');
  });
});

describe("the console's page", () => {
  it("serves index.html for its pages and its built assets, with a strict CSP", async () => {
    const index = await app.request("/console/");
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(index.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await index.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    expect(script).toBeDefined();
    const js = await app.request(script);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");

    const deep = await app.request("/console/executions/arn%3Aaws%3Alambda");
    expect(await deep.text()).toBe(html);
    expect((await app.request("/console")).headers.get("location")).toBe("/console/");
    expect((await app.request("/console/assets/missing.js")).status).toBe(404);
    expect((await app.request("/console/api/nothing")).status).toBe(404);
  });

  it("serves only the files it read at start, never a path from the request", async () => {
    const dir = mkdtempSync(join(tmpdir(), "console-assets-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<html></html>");
    writeFileSync(join(dir, "first.js"), "read at start");
    const own = createApp(runtime, { console: { runtime, assetsDir: dir } });
    writeFileSync(join(dir, "later.js"), "written after start");
    expect(await (await own.request("/console/first.js")).text()).toBe("read at start");
    expect((await own.request("/console/later.js")).status).toBe(404);
    for (const path of ["/console/..%2F..%2Fetc%2Fpasswd", "/console/../../etc/passwd.js"]) {
      expect(await (await own.request(path)).text()).not.toContain("root:");
    }
  });

  it("is not served without the console option", async () => {
    const bare = createApp(runtime);
    const res = await bare.request("/console/");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    expect((await bare.request("/console/api/functions")).status).toBe(404);
  });
});
