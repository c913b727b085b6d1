import { afterEach, beforeEach, expect, it } from "vitest";
import { type HttpFace, recordingApproval, startHttpFace } from "../testing/http-face.js";
import { parseClientCommand, runClientCommand } from "./client-commands.js";
import { UsageError } from "./usage-error.js";

// The CLI's pause, resume and delete, parsed as the command line gives them and sent through
// client-lambda to the HTTP face on loopback.

let face: HttpFace;
beforeEach(async () => {
  face = await startHttpFace();
  face.runtime.register("approval", recordingApproval([]));
});
afterEach(() => face.close());

const run = (command: string, ...args: string[]) => {
  const parsed = parseClientCommand(command, [...args, "--endpoint", face.url]);
  if (parsed === "help") throw new Error("help");
  return runClientCommand(parsed);
};

it("pauses, resumes and deletes an execution from the command line", async () => {
  const { executionArn: arn } = await face.runtime.startExecution({ functionName: "approval" });
  await face.runtime.settle();
  expect(await run("pause", arn, "--reason", "restocking", "--keep-timeout-running")).toBe(
    `pause requested: ${arn}`,
  );
  const paused = await face.runtime.getExecution(arn);
  expect(paused.Status).toBe("PAUSED");
  expect(paused.PauseDetails).toMatchObject({
    Reason: "restocking",
    ExecutionTimeoutPaused: false,
  });
  await run("resume", arn, "--client-token", "r-1");
  expect((await face.runtime.getExecution(arn)).Status).toBe("RUNNING");
  // A running execution cannot be deleted: the service's error comes through.
  await expect(run("delete", arn)).rejects.toMatchObject({ name: "ResourceConflictException" });
  await face.runtime.stopExecution(arn);
  expect(await run("delete", arn)).toMatch(/^deletion requested at 2026-01-01T00:00:00.000Z: /);
  await face.runtime.settle();
  await expect(face.runtime.getExecution(arn)).rejects.toMatchObject({
    errorType: "ResourceNotFoundException",
  });
});

it.each([
  [["pause"], /one execution ARN/],
  [["pause", "arn-1"], /--endpoint/],
  [["delete", "arn-1", "--endpoint", "http://127.0.0.1:1", "--reason", "x"], /only the ARN/],
  [
    ["resume", "arn-1", "--endpoint", "http://127.0.0.1:1", "--keep-timeout-running"],
    /pause option/,
  ],
  [["pause", "arn-1", "--bogus"], /bogus/],
])("%j is a usage error", (argv, message) => {
  const [command, ...args] = argv as [string, ...string[]];
  expect(() => parseClientCommand(command, args)).toThrow(UsageError);
  expect(() => parseClientCommand(command, args)).toThrow(message);
});
