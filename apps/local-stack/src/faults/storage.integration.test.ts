/**
 * A full or read-only DATA_DIR, on a real small filesystem (a tmpfs; mounting one needs root, so
 * these tests are skipped with that reason otherwise): start-up refuses it by name and cause; a
 * running stack answers every write with 503 and the cause, keeps reading, stays up, and takes
 * writes again by itself once there is space.
 */
import { join } from "node:path";
import { RateLimiter } from "@coffee/api";
import {
  mountSmallFilesystem,
  SMALL_FILESYSTEM_SKIP,
  type SmallFilesystem,
} from "@coffee/local-aws/testing";
import { afterEach, describe, expect, it } from "vitest";
import { LocalStackError } from "../local-stack-error.js";
import { type LocalStack, startLocalStack } from "../start-local-stack.js";
import { apiCaller } from "../testing/api-caller.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function smallFilesystem(sizeMb?: number): SmallFilesystem {
  const fs = mountSmallFilesystem(sizeMb);
  cleanups.push(() => fs.unmount());
  return fs;
}

async function start(dataDir: string): Promise<LocalStack> {
  const stack = await startLocalStack({
    env: {
      PORT: 0,
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: "admin-pw",
      BARISTA_PASSWORD: "barista-pw",
      PENDING_SWEEP_SECONDS: 0,
    },
    webDist: join(dataDir, "no-web-app"),
    limits: {
      redeem: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
      startOrder: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
    },
  });
  cleanups.push(() => stack.close());
  return stack;
}

/** Waits (up to 10 s) until the customer sees the order in `status`. */
async function statusBecomes(
  call: ReturnType<typeof apiCaller>,
  orderId: string,
  token: string,
  status: string,
) {
  await expect
    .poll(async () => (await call("GET", `/orders/${orderId}`, { token })).body?.status, {
      timeout: 10_000,
      interval: 25,
    })
    .toBe(status);
}

describe.skipIf(SMALL_FILESYSTEM_SKIP)(
  `a full or read-only DATA_DIR (${SMALL_FILESYSTEM_SKIP ?? "on a tmpfs"})`,
  () => {
    it("refuses to start on a read-only DATA_DIR, naming it and the cause", async () => {
      const fs = smallFilesystem();
      fs.readOnly(true);
      const error = await start(fs.dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LocalStackError);
      expect(error).toMatchObject({ code: "DATA_DIR_READ_ONLY" });
      expect((error as Error).message).toContain(
        `the data directory ${fs.dir} cannot be written (EROFS: read-only file system)`,
      );
    });

    it("refuses to start on a full DATA_DIR, naming it and the cause", async () => {
      const fs = smallFilesystem();
      fs.fill();
      const error = await start(fs.dir).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "DATA_DIR_FULL" });
      expect((error as Error).message).toContain(
        `the data directory ${fs.dir} is full (ENOSPC: no space left on device)`,
      );
    });

    it("answers writes with 503 STORAGE_FULL while the disk is full, keeps reading, and writes again once there is space", async () => {
      const fs = smallFilesystem(32);
      const stack = await start(fs.dir);
      const call = apiCaller(`${stack.loopbackUrl}/api`);
      const barista = (
        await call("POST", "/auth/login", {
          body: { username: "barista", password: "barista-pw" },
        })
      ).body.token as string;
      const qr = (await call("GET", "/qr-code", { token: barista })).body.token as string;
      const first = await call("POST", "/orders", { body: { token: qr } });
      expect(first.status).toBe(202);
      const { orderId, customerToken } = first.body as { orderId: string; customerToken: string };
      await statusBecomes(call, orderId, customerToken, "AWAITING_ORDER");

      fs.fill();
      const retriedId = "ord_01KSTORAGEFULL0000000000RT";
      const refused = await call("POST", "/orders", { body: { token: qr, orderId: retriedId } });
      expect(refused).toMatchObject({
        status: 503,
        body: {
          error: {
            code: "STORAGE_FULL",
            message: expect.stringContaining(
              `the data directory ${fs.dir} is full (ENOSPC: no space left on device)`,
            ),
          },
        },
      });
      const choice = await call("PUT", `/orders/${orderId}`, {
        token: customerToken,
        body: { drink: "latte", modifiers: { milk: "oat" } },
      });
      expect(choice.status).toBe(503);
      expect(choice.body.error.code).toBe("STORAGE_FULL");

      // Reads work, and every process of the stack is still there.
      expect((await call("GET", "/config")).status).toBe(200);
      const stored = await call("GET", `/orders/${orderId}`, { token: customerToken });
      expect(stored.body.status).toBe("AWAITING_ORDER");
      expect((await fetch(stack.endpoints.dynamodb)).status).toBe(200);

      fs.free();
      // The same client retrying with the same orderId gets its order.
      const retried = await call("POST", "/orders", { body: { token: qr, orderId: retriedId } });
      expect(retried.status).toBe(202);
      expect(retried.body.orderId).toBe(retriedId);
      const again = await call("PUT", `/orders/${orderId}`, {
        token: customerToken,
        body: { drink: "latte", modifiers: { milk: "oat" } },
      });
      expect(again.status).toBe(202);
      await statusBecomes(call, orderId, customerToken, "QUEUED");
      await statusBecomes(call, retriedId, retried.body.customerToken, "AWAITING_ORDER");
    });
  },
);
