/**
 * The process that runs dynalite, started by `startLocalDynamo` (node, with an IPC channel):
 * `node dynalite-process.js '{"dataDir":"…","port":0}'`. It opens the database, listens on
 * 127.0.0.1 and sends `{ type: "ready", endpoint }`, or `{ type: "failed", code, message }` and
 * exits 1. On `"close"`, or when the parent goes away, it closes the server and the database
 * (letting requests in flight finish) and exits.
 *
 * Self-contained (node built-ins, dynalite and zod only) so that Node runs it as TypeScript from
 * src/ in this package's tests as well as from dist/.
 */
import type { AddressInfo } from "node:net";
import dynalite from "dynalite";
import { z } from "zod";

const Config = z.object({
  dataDir: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65_535),
});

// As ./listen.ts explains: SDK clients keep idle sockets, so keep them open longer than they do.
const KEEP_ALIVE_MS = 10 * 60_000;
const CLOSE_GRACE_MS = 2_000;

function send(message: object): void {
  process.send?.(message);
}

function fail(code: string, message: string): void {
  // Exit once the message is on its way (an exit at once could lose it).
  if (process.send) process.send({ type: "failed", code, message }, () => process.exit(1));
  else process.exit(1);
}

function causeOf(error: unknown): string {
  const { message, cause } = error as { message?: string; cause?: { message?: string } };
  return cause?.message ?? message ?? String(error);
}

const config = Config.parse(JSON.parse(process.argv[2] ?? "{}"));
const server = dynalite({
  path: config.dataDir,
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
});
server.keepAliveTimeout = KEEP_ALIVE_MS;
server.headersTimeout = KEEP_ALIVE_MS + 1_000;

// A request that fails on its own (dynalite answers storage faults with a 500) must not take the
// other requests down with it: report and keep serving.
process.on("uncaughtException", (error) => {
  console.error("local DynamoDB: unexpected error:", error);
});

let closing = false;
function close(): void {
  if (closing) return;
  closing = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
}
process.on("message", (message) => {
  if (message === "close") close();
});
process.on("disconnect", close);
process.on("SIGTERM", close);
process.on("SIGINT", close);

// LevelDB's words when another process has the database open.
const LOCK_HELD = /^IO error: lock .*: Resource temporarily unavailable$/;
// How long a held lock is waited for: 20 tries, 250 ms apart.
const LOCK_ATTEMPTS = 20;
const LOCK_RETRY_MS = 250;

/**
 * Opens the database, waiting a moment for the lock while another process holds it: a server
 * whose parent was killed (`kill -9` of the stack) closes it a moment after the parent has gone,
 * when a new stack may already be starting on the same directory.
 */
async function openStore(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await server.openStore();
    } catch (error) {
      if (attempt >= LOCK_ATTEMPTS || !LOCK_HELD.test(causeOf(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

async function main(): Promise<void> {
  try {
    await openStore();
  } catch (error) {
    const cause = causeOf(error);
    const hint = LOCK_HELD.test(cause) ? " (another process is using this directory)" : "";
    fail(
      "STORAGE_UNAVAILABLE",
      `cannot open the local DynamoDB database in ${config.dataDir ?? "memory"}: ${cause}${hint}`,
    );
    return;
  }
  server.once("error", (error: NodeJS.ErrnoException) => {
    fail(error.code ?? "LISTEN_FAILED", error.message);
  });
  server.listen(config.port, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    send({ type: "ready", endpoint: `http://127.0.0.1:${port}` });
  });
}

void main();
