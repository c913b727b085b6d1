import { isIP } from "node:net";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "./usage-error.js";

export const SERVE_HELP = `Usage: pnpm durable-runtime serve [options]

Runs the local durable execution service: loads each handler module, registers it under NAME
and serves the Lambda durable-execution API (Invoke, GetDurableExecution, ...) over HTTP, so
@aws-sdk/client-lambda and the AWS CLI work against it with endpoint http://HOST:PORT.

Options:
  --function NAME=FILE[#EXPORT]  register the handler exported as EXPORT (default "handler")
                                 from FILE (ESM or CJS; relative to where you ran pnpm);
                                 repeat for several functions
  --on-demand NAME=FILE[#EXPORT] the same for a standard (non-durable) Lambda handler, which
                                 durable functions may call with ctx.invoke
  --port <n>                     port to listen on; 0 picks a free one (default 0)
  --host <host>                  interface to listen on (default 127.0.0.1); the API has no
                                 authentication, so anything but loopback prints a warning
  --db <file|:memory:>           SQLite store (default .data/durable-runtime.sqlite)
  --no-echo-updates              answer checkpoints with only what the runtime decided, not
                                 every operation they updated (the service echoes them all;
                                 only faster for long executions on an unpatched SDK, README)
  --no-console                   do not serve the console (served at /console by default)
  -h, --help                     show this help

Prints "listening on http://HOST:PORT" once ready, then the console's URL. Stops cleanly on SIGINT/SIGTERM.
Set DURABLE_RUNTIME_LOG=debug|info|warn|error for the runtime's JSON-line logs on stderr.`;

export interface FunctionSpec {
  name: string;
  file: string;
  exportName: string;
  /** false for `--on-demand`: a standard Lambda handler, only for chained invokes. */
  durable: boolean;
}

export interface ServeOptions {
  port: number;
  host: string;
  /** Absolute path, or ":memory:". */
  db: string;
  functions: FunctionSpec[];
  echoUpdates: boolean;
  /** Serve the console at /console (`--no-console` turns it off). */
  console: boolean;
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const EXPORT_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Parses `serve` flags; `baseDir` anchors relative paths. Throws `UsageError` with what to fix. */
export function parseServeOptions(args: string[], baseDir: string): ServeOptions | "help" {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";

  const port = Number(values.port ?? "0");
  if (!/^\d+$/.test(values.port ?? "0") || port > 65_535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const host = values.host ?? "127.0.0.1";
  if (host.trim() === "") throw new UsageError("--host must not be empty");

  const dbFlag = values.db ?? ".data/durable-runtime.sqlite";
  if (dbFlag.trim() === "") throw new UsageError("--db must be a file path or :memory:");
  const db = dbFlag === ":memory:" ? dbFlag : resolve(baseDir, dbFlag);

  const functions = [
    ...(values.function ?? []).map((spec) => parseFunctionSpec(spec, baseDir, "--function")),
    ...(values["on-demand"] ?? []).map((spec) => parseFunctionSpec(spec, baseDir, "--on-demand")),
  ];
  const seen = new Set<string>();
  for (const fn of functions) {
    if (seen.has(fn.name)) throw new UsageError(`--function ${fn.name} is given twice`);
    seen.add(fn.name);
  }
  return {
    port,
    host,
    db,
    functions,
    echoUpdates: !values["no-echo-updates"],
    console: !values["no-console"],
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      function: { type: "string", multiple: true },
      "on-demand": { type: "string", multiple: true },
      port: { type: "string" },
      host: { type: "string" },
      db: { type: "string" },
      "echo-updates": { type: "boolean" }, // the default; accepted as before
      "no-echo-updates": { type: "boolean" },
      "no-console": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function parseFunctionSpec(
  spec: string,
  baseDir: string,
  flag: "--function" | "--on-demand",
): FunctionSpec {
  const eq = spec.indexOf("=");
  const name = eq > 0 ? spec.slice(0, eq) : "";
  const target = eq > 0 ? spec.slice(eq + 1) : "";
  const hash = target.lastIndexOf("#");
  const file = hash >= 0 ? target.slice(0, hash) : target;
  const exportName = hash >= 0 ? target.slice(hash + 1) : "handler";
  if (!name || !file) {
    throw new UsageError(`${flag} expects NAME=FILE[#EXPORT], got "${spec}"`);
  }
  if (!FUNCTION_NAME.test(name)) {
    throw new UsageError(
      `${flag} name "${name}" must be 1-64 letters, digits, "-" or "_" (a Lambda function name)`,
    );
  }
  if (!EXPORT_NAME.test(exportName)) {
    throw new UsageError(`${flag} ${name}: "${exportName}" is not an export name`);
  }
  return { name, file: resolve(baseDir, file), exportName, durable: flag === "--function" };
}

/**
 * The warning `serve` prints when it listens beyond loopback: anyone who reaches the port can
 * start, stop and complete executions (no SigV4, no IAM). Undefined for a loopback host.
 */
export function exposureWarning(host: string): string | undefined {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const loopback =
    bare === "localhost" ||
    bare === "::1" ||
    (isIP(bare) === 4 && bare.startsWith("127.")) ||
    /^::ffff:127\./.test(bare);
  if (loopback) return undefined;
  return (
    `durable-runtime: WARNING: listening on ${host}, beyond loopback. The API has no ` +
    "authentication: anyone who can reach this port can start, stop and complete executions."
  );
}
