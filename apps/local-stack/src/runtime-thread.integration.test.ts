/**
 * The durable runtime in its worker thread, as `pnpm start` runs it: orders run through it and
 * survive a close and a new start; its start-up failures reach the caller as they would from
 * this thread; a thread that ends on its own is reported, not left unnoticed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RateLimiter } from "@coffee/api";
import { SqliteStore } from "@coffee/durable-runtime";
import { apiCaller } from "@coffee/shop-driver";
import { afterEach, beforeEach, expect, it } from "vitest";
import { LocalStackError } from "./local-stack-error.js";
import {
  type LocalStackWithRuntimeThread,
  type RuntimeThreadOptions,
  startLocalStack,
} from "./start-local-stack.js";
import { customerSeesStatus } from "./testing/stack-orders.js";

let dataDir: string;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-runtime-thread-"));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

function options(more: Partial<RuntimeThreadOptions> = {}): RuntimeThreadOptions {
  return {
    ...more,
    env: {
      PORT: 0,
      DATA_DIR: dataDir,
      BARISTA_PASSWORD: "barista-pw",
      PENDING_SWEEP_SECONDS: 0,
      ...more.env,
    },
    webDist: join(dataDir, "no-web-app"),
    limits: {
      redeem: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
      startOrder: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
    },
  };
}

async function start(more?: Partial<RuntimeThreadOptions>): Promise<LocalStackWithRuntimeThread> {
  const stack = await startLocalStack(options(more));
  cleanups.push(() => stack.close());
  return stack;
}

/** A TCP port held open on 127.0.0.1 until the test ends. */
async function heldPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

it("runs an order's execution, and close() keeps it for the next start", async () => {
  let stack = await start();
  expect(stack.runtimeIn).toBe("worker-thread");
  let call = apiCaller(`${stack.loopbackUrl}/api`);
  const signIn = async () =>
    (await call("POST", "/auth/login", { body: { username: "barista", password: "barista-pw" } }))
      .body.token as string;
  const barista = await signIn();
  const qr = (await call("GET", "/qr-code", { token: barista })).body.token;
  const started = await call("POST", "/orders", { body: { token: qr } });
  expect(started.status).toBe(202);
  const { orderId, customerToken } = started.body as { orderId: string; customerToken: string };
  await customerSeesStatus(call, orderId, customerToken, "AWAITING_ORDER");
  const chosen = await call("PUT", `/orders/${orderId}`, {
    token: customerToken,
    body: { drink: "espresso" },
  });
  expect(chosen.status).toBe(202);
  await customerSeesStatus(call, orderId, customerToken, "QUEUED");

  // Closed: the thread has closed its SQLite, so another store can open the file at once.
  await stack.close();
  new SqliteStore({ path: join(dataDir, "durable-runtime.sqlite") }).close();

  // A new start on the same data, on new ports: the new thread's workflow reads its endpoints
  // afresh, and the execution waiting for the barista is still there.
  stack = await start();
  call = apiCaller(`${stack.loopbackUrl}/api`);
  const token = await signIn();
  expect((await call("POST", `/orders/${orderId}/accept`, { token })).status).toBe(202);
  await customerSeesStatus(call, orderId, customerToken, "ACCEPTED");
  expect((await call("POST", `/orders/${orderId}/complete`, { token })).status).toBe(202);
  await customerSeesStatus(call, orderId, customerToken, "READY");
});

it("says a taken DURABLE_RUNTIME_PORT by number and variable", async () => {
  const port = await heldPort();
  const error = await start({ env: { DURABLE_RUNTIME_PORT: port } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LocalStackError);
  expect(error).toMatchObject({
    code: "PORT_IN_USE",
    message: `port ${port} is already in use (durable runtime); stop what uses it or set DURABLE_RUNTIME_PORT=<port>`,
  });
});

it("fails to start with SQLite's own error when another runtime holds the file", async () => {
  const held = new SqliteStore({ path: join(dataDir, "durable-runtime.sqlite") });
  const error = await start().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({ message: "database is locked", code: "ERR_SQLITE_ERROR" });
  // What the failed start opened is closed again: with the file free, a start succeeds.
  held.close();
  const stack = await start();
  expect((await fetch(`${stack.loopbackUrl}/api/config`)).status).toBe(200);
});

it("reports a runtime thread that ends without close()", async () => {
  let lost: (reason: Error) => void = () => {};
  const reported = new Promise<Error>((resolve) => {
    lost = resolve;
  });
  const stack = await start({ onRuntimeLost: (reason) => lost(reason) });
  await stack.runtimeThread.terminate();
  expect((await reported).message).toBe("the durable runtime's thread ended (exit code 1)");
});
