/**
 * The shop as `pnpm start` runs it (`node bundle/main.js`, the bundle `pnpm build` writes beside
 * dist/), in a child process on a given DATA_DIR, for the load and crash tests and the shop
 * benchmark: the stack gets its own CPU, and a test can `kill -9` it. Needs `apps/local-stack`
 * built.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// Two levels up from src/testing and from dist/testing alike.
const MAIN = fileURLToPath(new URL("../../bundle/main.js", import.meta.url));

export interface StackProcess {
  child: ChildProcess;
  /** The API's base URL on 127.0.0.1, ending in `/api`. */
  base: string;
  /** The durable runtime's Lambda-compatible endpoint. */
  lambdaUrl: string;
  /** Everything the stack printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` (SIGTERM: a clean stop; SIGKILL: a crash) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Node flags `pnpm start` gives the stack (package.json `start`), so that tests and benchmarks
 * run the process as it runs: AsyncLocalStorage (the durable SDK keeps each operation's context
 * in one) on V8's continuation data instead of async_hooks promise hooks, which ran on every
 * promise of the process. Left out on a Node that does not know the flag.
 */
export const STACK_NODE_FLAGS = ["--experimental-async-context-frame"].filter((flag) =>
  process.allowedNodeEnvironmentFlags.has(flag),
);

/** Staff passwords the stack is started with. */
export const STACK_PASSWORDS = { admin: "admin-pw", barista: "barista-pw" } as const;

export async function startStackProcess(options: {
  dataDir: string;
  /** Another build's entry point (a benchmark's "before"); this package's own by default. */
  main?: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}): Promise<StackProcess> {
  const child = spawn(process.execPath, [...STACK_NODE_FLAGS, options.main ?? MAIN], {
    env: {
      ...process.env,
      PORT: "0",
      DATA_DIR: options.dataDir,
      ADMIN_PASSWORD: STACK_PASSWORDS.admin,
      BARISTA_PASSWORD: STACK_PASSWORDS.barista,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const urls = await new Promise<{ base: string; lambdaUrl: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stack did not start:\n${output}`)),
      options.startTimeoutMs ?? 30_000,
    );
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code}:\n${output}`));
    };
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const api = /open at (http:\/\/\S+)/.exec(output);
      const runtime = /durable runtime\s+(http:\/\/\S+)/.exec(output);
      if (api && runtime) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve({
          base: `${api[1]!.replace("localhost", "127.0.0.1")}/api`,
          lambdaUrl: runtime[1]!,
        });
      }
    });
    child.once("exit", onExit);
  });
  return {
    child,
    ...urls,
    output: () => output,
    stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill(signal);
      });
    },
  };
}
