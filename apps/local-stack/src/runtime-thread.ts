/**
 * The durable runtime and the order workflow in a worker thread of the stack's process, as
 * `pnpm start` runs them: the API, the event bus and the SSE hub keep the main thread, the
 * runtime and the workflow it invokes get a core of their own. Nothing else changes: the API
 * reaches the runtime over HTTP (AWS_ENDPOINT_URL_LAMBDA), the workflow reaches DynamoDB and the
 * bus over HTTP, as in AWS. A thread rather than a child process: one PID, so `kill -9` of the
 * stack still ends everything at once, and the process's CPU time counts every thread.
 */
import { Worker } from "node:worker_threads";
import { LocalStackError, type LocalStackErrorCode } from "./local-stack-error.js";
import type { RuntimeHostSettings } from "./runtime-host.js";

/** From the stack to its runtime thread. */
export type ToRuntimeThread = { type: "close" };

/** From the runtime thread to the stack. */
export type FromRuntimeThread =
  | { type: "ready"; url: string }
  /** Start-up failed: the error (message, stack, cause) and what a thread cannot clone of it. */
  | { type: "failed"; error: unknown; name: string; fields: Record<string, Primitive> }
  /** The runtime is closed (SQLite too): the thread can end. */
  | { type: "closed" };

type Primitive = string | number | boolean;

// The built entry next to this module; run from source (vitest runs src/*.ts), the built one,
// since Node does not run this package's TypeScript: `pnpm test` builds first.
const ENTRY = new URL(
  import.meta.url.endsWith(".ts") ? "../dist/runtime-worker.js" : "./runtime-worker.js",
  import.meta.url,
);

export interface RuntimeThread {
  /** The Lambda-compatible endpoint (AWS_ENDPOINT_URL_LAMBDA). */
  url: string;
  worker: Worker;
  /** Closes the runtime (running invocations reach their next checkpoint; SQLite closed), then the thread. */
  close(): Promise<void>;
}

/**
 * Starts the runtime in a worker thread; resolves once it serves, rejects with the error its
 * start-up threw (a LocalStackError stays one). `onLost` is told if the thread ends without
 * `close()` after it started. The thread's `process.env` is a copy of this one's as it is now
 * (the Worker's default): start it once the endpoints and credentials are exported.
 */
export function startRuntimeThread(options: {
  settings: RuntimeHostSettings;
  onLost(reason: Error): void;
}): Promise<RuntimeThread> {
  const worker = new Worker(ENTRY, { name: "durable-runtime", workerData: options.settings });
  const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
  let state: "starting" | "running" | "closing" | "ended" = "starting";
  const close = async () => {
    if (state === "running") {
      state = "closing";
      worker.postMessage({ type: "close" } satisfies ToRuntimeThread);
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    const end = (reason: Error) => {
      const was = state;
      state = "ended";
      if (was === "starting") reject(reason);
      else if (was === "running") options.onLost(reason);
    };
    worker.on("message", (message: FromRuntimeThread) => {
      if (message.type === "ready" && state === "starting") {
        state = "running";
        resolve({ url: message.url, worker, close });
      } else if (message.type === "failed") {
        end(startFailure(message));
        void worker.terminate();
      } else if (message.type === "closed") {
        void worker.terminate();
      }
    });
    // An exception nothing caught in the thread: it has ended.
    worker.on("error", (error) => end(error));
    worker.on("exit", (code) =>
      end(new Error(`the durable runtime's thread ended (exit code ${code})`)),
    );
  });
}

/** The error the thread's start-up threw, as this thread would have seen it. */
function startFailure(message: Extract<FromRuntimeThread, { type: "failed" }>): Error {
  const { error, name, fields } = message;
  const text = error instanceof Error ? error.message : String(error);
  if (name === "LocalStackError") {
    return new LocalStackError(fields.code as LocalStackErrorCode, text);
  }
  if (!(error instanceof Error)) return new Error(text);
  const { name: _name, ...rest } = fields;
  if (error.name !== name) {
    Object.defineProperty(error, "name", { value: name, writable: true, configurable: true });
  }
  return Object.assign(error, rest);
}
