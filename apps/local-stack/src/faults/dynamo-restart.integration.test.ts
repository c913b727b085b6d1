/**
 * The local DynamoDB runs in a process of its own: `kill -9` of it does not take the stack down;
 * it is started again on the same port with the same data and orders carry on.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RateLimiter } from "@coffee/api";
import { apiCaller } from "@coffee/shop-driver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../start-local-stack.js";
import { customerSeesStatus } from "../testing/stack-orders.js";

let dataDir: string;
let stack: LocalStack;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-dynamo-restart-"));
  stack = await startLocalStack({
    env: { PORT: 0, DATA_DIR: dataDir, BARISTA_PASSWORD: "barista-pw", PENDING_SWEEP_SECONDS: 0 },
    webDist: join(dataDir, "no-web-app"),
    limits: {
      redeem: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
      startOrder: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
    },
  });
});

afterAll(async () => {
  await stack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** This process's children running the local DynamoDB (from /proc). */
function dynamoProcesses(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return (
          parent === process.pid &&
          readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynalite-process")
        );
      } catch {
        return false;
      }
    });
}

it("keeps serving orders after its DynamoDB process is killed", async () => {
  const call = apiCaller(`${stack.loopbackUrl}/api`);
  const barista = await call("POST", "/auth/login", {
    body: { username: "barista", password: "barista-pw" },
  });
  const qr = (await call("GET", "/qr-code", { token: barista.body.token })).body.token;
  const first = await call("POST", "/orders", { body: { token: qr } });
  expect(first.status).toBe(202);

  const [pid, ...others] = dynamoProcesses();
  expect(others).toEqual([]);
  process.kill(pid as number, "SIGKILL");
  // The killed process may show for a moment after the signal: wait for the one started again.
  await expect
    .poll(() => dynamoProcesses().filter((other) => other !== pid), {
      timeout: 30_000,
      interval: 50,
    })
    .toHaveLength(1);
  expect(dynamoProcesses()).not.toContain(pid);

  // The first order, stored before the kill, is still there and moves on.
  await customerSeesStatus(call, first.body.orderId, first.body.customerToken, "AWAITING_ORDER");
  const second = await call("POST", "/orders", { body: { token: qr } });
  expect(second.status).toBe(202);
  await customerSeesStatus(call, second.body.orderId, second.body.customerToken, "AWAITING_ORDER");
}, 60_000);
