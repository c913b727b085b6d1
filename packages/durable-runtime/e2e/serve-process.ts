/**
 * `durable-runtime serve` as a user runs it: the built CLI in a child process. Give it absolute
 * paths: it resolves relative ones against pnpm's INIT_CWD, which this process passes on.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const mainJs = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

export interface ServeProcess {
  url: string;
  consoleUrl: string;
  /** SIGKILL, as a crash would: nothing is flushed on the way out. */
  kill(): Promise<void>;
}

export async function serve(args: string[]): Promise<ServeProcess> {
  if (!existsSync(mainJs)) throw new Error(`build the package first: ${mainJs} is missing`);
  const child = spawn(process.execPath, [mainJs, "serve", ...args], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const { url, consoleUrl } = await printedUrls(child);
  return {
    url,
    consoleUrl,
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

function printedUrls(child: ChildProcess): Promise<{ url: string; consoleUrl: string }> {
  return new Promise((resolve, reject) => {
    let url: string | undefined;
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      url ??= /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
      const consoleUrl = /^console: (http:\/\/\S+)$/.exec(line)?.[1];
      if (url && consoleUrl) resolve({ url, consoleUrl });
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code} before listening`)));
  });
}
