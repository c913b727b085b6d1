import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The CLI as a user runs it: a real child process, the built entry point, a handler module
// on disk, and client-lambda talking to the port it prints.

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const mainJs = join(packageDir, "dist/cli/main.js");
const fixture = "src/cli/fixtures/greeter.handler.mjs"; // relative to INIT_CWD on purpose

function run(args: string[], workDir: string) {
  // INIT_CWD is what pnpm sets to the directory the user ran it from; the process itself
  // starts elsewhere, so relative paths must be resolved against INIT_CWD.
  return spawn(process.execPath, [mainJs, ...args], {
    cwd: workDir,
    env: { ...process.env, INIT_CWD: packageDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function exited(child: ChildProcess) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("exit", (code) => resolve({ code, stderr }));
  });
}

function listeningUrl(child: ChildProcess, timeoutMs = 20_000) {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no 'listening on' line in time")), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening`));
    });
  });
}

describe("durable-runtime serve (child process)", () => {
  let workDir: string;
  beforeAll(async () => {
    if (!existsSync(mainJs)) throw new Error(`build the package first: ${mainJs} is missing`);
    workDir = await mkdtemp(join(tmpdir(), "durable-runtime-serve-"));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it("prints its URL, serves Invoke, keeps the store on disk, and stops cleanly on SIGTERM", async () => {
    const db = join(workDir, "nested/dir/runtime.sqlite");
    const child = run(
      ["serve", "--port", "0", "--db", db, "--function", `greeter=${fixture}`],
      workDir,
    );
    const exit = exited(child);
    const url = await listeningUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const lambda = new LambdaClient({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: "greeter",
        DurableExecutionName: "cli-1",
        Payload: new TextEncoder().encode(JSON.stringify({ name: "Linus" })),
      }),
    );
    lambda.destroy();
    expect(out.StatusCode).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(out.Payload))).toEqual({ greeting: "hello Linus" });
    expect(out.DurableExecutionArn).toContain("cli-1");
    expect(existsSync(db)).toBe(true);

    child.kill("SIGTERM");
    expect((await exit).code).toBe(0);
  });

  it("runs handlers from a directory that resolves no SDK of its own (ESM and CJS)", async () => {
    // The temp dir has no node_modules above it: the runtime lends its own SDK.
    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      join(workDir, "double.mjs"),
      `import { withDurableExecution } from "@aws/durable-execution-sdk-js";
export const handler = withDurableExecution(async (e, ctx) => ctx.step("double", async () => e.n * 2));`,
    );
    await writeFile(
      join(workDir, "triple.cjs"),
      `const { withDurableExecution } = require("@aws/durable-execution-sdk-js");
exports.handler = withDurableExecution(async (e, ctx) => ctx.step("triple", async () => e.n * 3));`,
    );
    const child = spawn(
      process.execPath,
      [
        mainJs,
        "serve",
        "--port",
        "0",
        "--db",
        ":memory:",
        "--function",
        "double=double.mjs",
        "--function",
        "triple=triple.cjs",
      ],
      {
        cwd: workDir,
        env: { ...process.env, INIT_CWD: workDir },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exit = exited(child);
    const url = await listeningUrl(child);
    const lambda = new LambdaClient({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    const invoke = async (name: string) => {
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName: name,
          DurableExecutionName: `${name}-1`,
          Payload: new TextEncoder().encode(JSON.stringify({ n: 7 })),
        }),
      );
      return JSON.parse(new TextDecoder().decode(out.Payload));
    };
    expect(await invoke("double")).toBe(14);
    expect(await invoke("triple")).toBe(21);
    lambda.destroy();
    child.kill("SIGTERM");
    expect((await exit).code).toBe(0);
  });

  it.each([
    [["serve", "--port", "http"], /--port must be an integer/],
    [["serve", "--function", "greeter"], /NAME=FILE\[#EXPORT\]/],
    [
      ["serve", "--function", "greeter=missing/handler.mjs"],
      /file not found: .*missing\/handler\.mjs/,
    ],
    [["serve", "--function", `greeter=${fixture}#main`], /no function export "main"/],
    [["serve", "--bogus"], /Unknown option '--bogus'/],
    [["launch"], /unknown command "launch"/],
  ])("%j exits 2 with a clear message", async (args, message) => {
    const { code, stderr } = await exited(run(args, workDir));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("--help prints usage and exits 0", async () => {
    const child = run(["serve", "--help"], workDir);
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    expect((await exited(child)).code).toBe(0);
    expect(stdout).toContain("--function NAME=FILE[#EXPORT]");
  });
});
