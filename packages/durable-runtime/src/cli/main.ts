#!/usr/bin/env node
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { consoleAssetsDir } from "@coffee/console";
import { serveHttp } from "../http/serve-http.js";
import { DurableRuntime, SqliteStore } from "../index.js";
import {
  CLIENT_COMMANDS,
  CLIENT_HELP,
  parseClientCommand,
  runClientCommand,
} from "./client-commands.js";
import { readCliEnv } from "./env.js";
import { loadHandler } from "./load-handler.js";
import { resolveSdkFromRuntime } from "./sdk-fallback.js";
import { exposureWarning, parseServeOptions, SERVE_HELP } from "./serve-options.js";
import { UsageError } from "./usage-error.js";

/** `durable-runtime serve ...`: the local durable execution service as a process. */
async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(SERVE_HELP);
    if (command === undefined) process.exitCode = 2;
    return;
  }
  if (CLIENT_COMMANDS.has(command)) {
    const parsed = parseClientCommand(command, rest);
    if (parsed === "help") console.log(CLIENT_HELP);
    else console.log(await runClientCommand(parsed));
    return;
  }
  if (command !== "serve") {
    throw new UsageError(`unknown command "${command}" (try: serve --help, pause --help)`);
  }

  const options = parseServeOptions(rest, readCliEnv().baseDir);
  if (options === "help") {
    console.log(SERVE_HELP);
    return;
  }
  const warning = exposureWarning(options.host);
  if (warning) console.error(warning);
  resolveSdkFromRuntime();
  // Load every module before opening the store, so a typo costs nothing.
  const handlers = await Promise.all(
    options.functions.map(async (fn) => [fn, await loadHandler(fn)] as const),
  );
  if (options.db !== ":memory:") await mkdir(dirname(options.db), { recursive: true });

  const runtime = new DurableRuntime({
    store: new SqliteStore({ path: options.db }),
    echoUpdates: options.echoUpdates,
  });
  for (const [fn, handler] of handlers) runtime.register(fn.name, handler, { durable: fn.durable });
  const server = await serveHttp(runtime, {
    port: options.port,
    host: options.host,
    console: options.console ? { runtime, assetsDir: consoleAssetsDir } : undefined,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    console.error(`${signal}: shutting down`);
    await server.close();
    await runtime.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  console.log(`listening on ${server.url}`);
  if (options.console) console.log(`console: ${server.url}/console/`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`durable-runtime: ${error.message}`);
    process.exit(error.exitCode);
  }
  // A client command's service error (ResourceConflictException, ...): its name and message.
  const name = (error as { $metadata?: unknown; name?: string }).$metadata
    ? (error as Error).name
    : undefined;
  if (name) console.error(`durable-runtime: ${name}: ${(error as Error).message}`);
  else console.error("durable-runtime: failed to start:", error);
  process.exit(1);
});
