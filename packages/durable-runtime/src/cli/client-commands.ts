import { parseArgs } from "node:util";
import {
  DeleteDurableExecutionCommand,
  LambdaClient,
  PauseDurableExecutionCommand,
  ResumeDurableExecutionCommand,
} from "@aws-sdk/client-lambda";
import { UsageError } from "./usage-error.js";

export const CLIENT_HELP = `Usage: pnpm durable-runtime pause|resume|delete <execution ARN> --endpoint URL [options]

Client commands for a running \`serve\` (or Lambda itself), through @aws-sdk/client-lambda:
  pause   PauseDurableExecution: no invocation until resumed; waits and callbacks go on
  resume  ResumeDurableExecution: invoke it again if anything waits (or cancel a PAUSING)
  delete  DeleteDurableExecution: a finished execution and its history (prints the time)

Options:
  --endpoint <url>        the service, e.g. the URL serve printed (required)
  --reason <text>         pause, resume: recorded in the history
  --client-token <token>  pause, resume: a retry with the same token is done once
  --keep-timeout-running  pause: the execution timeout keeps running while paused
  --region <region>       default us-east-1`;

export const CLIENT_COMMANDS: ReadonlySet<string> = new Set(["pause", "resume", "delete"]);

export interface ClientCommand {
  command: "pause" | "resume" | "delete";
  arn: string;
  endpoint: string;
  region: string;
  reason?: string;
  clientToken?: string;
  keepTimeoutRunning: boolean;
}

/** Parses `pause|resume|delete ARN --endpoint URL ...`; throws UsageError with what to fix. */
export function parseClientCommand(command: string, args: string[]): ClientCommand | "help" {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (!CLIENT_COMMANDS.has(command)) throw new UsageError(`unknown command "${command}"`);
  if (positionals.length !== 1) throw new UsageError(`${command} takes one execution ARN`);
  if (!values.endpoint) throw new UsageError(`${command} needs --endpoint (the URL serve printed)`);
  if (
    command === "delete" &&
    (values.reason || values["client-token"] || values["keep-timeout-running"])
  ) {
    throw new UsageError("delete takes only the ARN, --endpoint and --region");
  }
  if (command === "resume" && values["keep-timeout-running"]) {
    throw new UsageError("--keep-timeout-running is a pause option");
  }
  return {
    command: command as ClientCommand["command"],
    arn: positionals[0]!,
    endpoint: values.endpoint,
    region: values.region ?? "us-east-1",
    reason: values.reason,
    clientToken: values["client-token"],
    keepTimeoutRunning: values["keep-timeout-running"] ?? false,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      endpoint: { type: "string" },
      region: { type: "string" },
      reason: { type: "string" },
      "client-token": { type: "string" },
      "keep-timeout-running": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** Sends the command; returns the line to print (the service's errors are thrown as they come). */
export async function runClientCommand(c: ClientCommand): Promise<string> {
  const lambda = new LambdaClient({
    endpoint: c.endpoint,
    region: c.region,
    // The local face checks no signature; against Lambda, the usual credential chain applies.
    ...(isLoopback(c.endpoint)
      ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
  });
  try {
    const DurableExecutionArn = c.arn;
    if (c.command === "pause") {
      await lambda.send(
        new PauseDurableExecutionCommand({
          DurableExecutionArn,
          Reason: c.reason,
          ClientToken: c.clientToken,
          ExecutionTimeoutPaused: !c.keepTimeoutRunning,
        }),
      );
      return `pause requested: ${c.arn}`;
    }
    if (c.command === "resume") {
      await lambda.send(
        new ResumeDurableExecutionCommand({
          DurableExecutionArn,
          Reason: c.reason,
          ClientToken: c.clientToken,
        }),
      );
      return `resume requested: ${c.arn}`;
    }
    const out = await lambda.send(new DeleteDurableExecutionCommand({ DurableExecutionArn }));
    return `deletion requested at ${out.DeletionRequestTimestamp?.toISOString()}: ${c.arn}`;
  } finally {
    lambda.destroy();
  }
}

const isLoopback = (endpoint: string) => {
  const host = new URL(endpoint).hostname.replace(/^\[(.*)\]$/, "$1");
  return host === "localhost" || host === "::1" || host.startsWith("127.");
};
