/**
 * A full or read-only DATA_DIR, on a real small filesystem (a tmpfs; mounting one needs root, so
 * these tests are skipped with that reason otherwise): start-up refuses it by name and cause; a
 * running stack answers every write with 503 and the cause, keeps reading, stays up, and takes
 * writes again by itself once there is space; a start refused that way stores nothing.
 */
import { join } from "node:path";
import { RateLimiter } from "@coffee/api";
import {
  mountSmallFilesystem,
  SMALL_FILESYSTEM_SKIP,
  type SmallFilesystem,
} from "@coffee/local-aws/testing";
import { SEED_CONFIG } from "@coffee/shared";
import { apiCaller } from "@coffee/shop-driver";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LocalStackError } from "../local-stack-error.js";
import { type LocalStack, startLocalStack } from "../start-local-stack.js";
import { customerSeesStatus } from "../testing/stack-orders.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function start(dataDir: string): Promise<LocalStack> {
  return startLocalStack({
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
    shopConfig: {
      ...SEED_CONFIG,
      limits: { ...SEED_CONFIG.limits, drinksPerToken: 1000, maxOrdersInQueue: 1000 },
    },
  });
}

describe.skipIf(SMALL_FILESYSTEM_SKIP)(
  `a full or read-only DATA_DIR (${SMALL_FILESYSTEM_SKIP ?? "on a tmpfs"})`,
  () => {
    it("refuses to start on a read-only DATA_DIR, naming it and the cause", async () => {
      const fs = mountSmallFilesystem();
      cleanups.push(() => fs.unmount());
      fs.readOnly(true);
      const error = await start(fs.dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LocalStackError);
      expect(error).toMatchObject({ code: "DATA_DIR_READ_ONLY" });
      expect((error as Error).message).toContain(
        `the data directory ${fs.dir} cannot be written (EROFS: read-only file system)`,
      );
    });

    it("refuses to start on a full DATA_DIR, naming it and the cause", async () => {
      const fs = mountSmallFilesystem();
      cleanups.push(() => fs.unmount());
      fs.fill();
      const error = await start(fs.dir).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "DATA_DIR_FULL" });
      expect((error as Error).message).toContain(
        `the data directory ${fs.dir} is full (ENOSPC: no space left on device)`,
      );
    });

    // One stack for these tests (its runtime in a worker thread, as `pnpm start` runs it).
    // DATA_DIR on one tmpfs, its dynamodb/ on another, to fill either or both.
    describe("a running stack", () => {
      let dataFs: SmallFilesystem;
      let dynamoFs: SmallFilesystem;
      let stack: LocalStack;
      let call: ReturnType<typeof apiCaller>;
      let qr: string;

      beforeAll(async () => {
        dataFs = mountSmallFilesystem(32);
        dynamoFs = mountSmallFilesystem(32, join(dataFs.dir, "dynamodb"));
        stack = await start(dataFs.dir);
        call = apiCaller(`${stack.loopbackUrl}/api`);
        const barista = await call("POST", "/auth/login", {
          body: { username: "barista", password: "barista-pw" },
        });
        qr = (await call("GET", "/qr-code", { token: barista.body.token })).body.token;
      });

      afterAll(async () => {
        await stack?.close();
        dynamoFs?.unmount();
        dataFs?.unmount();
      });

      const statusBecomes = (orderId: string, token: string, status: string) =>
        customerSeesStatus(call, orderId, token, status);

      /** POST /orders as a new browser sends it: no session yet. */
      function startOrder(orderId: string) {
        return fetch(`${stack.loopbackUrl}/api/orders`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ token: qr, orderId }),
        });
      }

      it("answers writes with 503 STORAGE_FULL while the disk is full, keeps reading, and writes again once there is space", async () => {
        const first = await call("POST", "/orders", { body: { token: qr } });
        expect(first.status).toBe(202);
        const { orderId, customerToken } = first.body as { orderId: string; customerToken: string };
        await statusBecomes(orderId, customerToken, "AWAITING_ORDER");

        dataFs.fill();
        dynamoFs.fill();
        const retriedId = "ord_01KSTORAGEFULL0000000000RT";
        const refused = await call("POST", "/orders", { body: { token: qr, orderId: retriedId } });
        expect(refused).toMatchObject({
          status: 503,
          body: {
            error: {
              code: "STORAGE_FULL",
              message: expect.stringContaining(
                `the data directory ${dataFs.dir} is full (ENOSPC: no space left on device)`,
              ),
            },
          },
        });
        // The choice would go to the durable runtime's SQLite, which may still have room in its
        // write-ahead log, and then to DynamoDB, which has none: it is refused before either.
        const choose = () =>
          call("PUT", `/orders/${orderId}`, {
            token: customerToken,
            body: { drink: "latte", modifiers: { milk: "oat" } },
          });
        expect(await choose()).toMatchObject({
          status: 503,
          body: { error: { code: "STORAGE_FULL" } },
        });
        // A sign-in stores nothing: staff can still sign in to look.
        expect(
          (await call("POST", "/auth/login", { body: { username: "admin", password: "admin-pw" } }))
            .status,
        ).toBe(200);

        // Reads work, and every process of the stack is still there.
        expect((await call("GET", "/config")).status).toBe(200);
        expect((await call("GET", `/orders/${orderId}`, { token: customerToken })).status).toBe(
          200,
        );
        expect((await fetch(stack.endpoints.dynamodb)).status).toBe(200);

        dynamoFs.free();
        dataFs.free();
        // Nothing was stored by the refused start: the same id starts afresh.
        const retried = await call("POST", "/orders", { body: { token: qr, orderId: retriedId } });
        expect(retried.status).toBe(202);
        expect(retried.body.orderId).toBe(retriedId);
        expect((await choose()).status).toBe(202);
        await statusBecomes(orderId, customerToken, "QUEUED");
        await statusBecomes(retriedId, retried.body.customerToken, "AWAITING_ORDER");
      });

      it("stores nothing for a start refused when only the runtime's disk is full", async () => {
        // The local DynamoDB has room; DATA_DIR (the runtime's SQLite) has none. The start is
        // refused before admission, so no order waits without an execution. (If the disk fills
        // between admission and the start of the execution, the answer carries the customer's
        // session so that their retry finds the order: the API's own tests show that.)
        dataFs.fill();
        const orderId = "ord_01KRUNT1MEFULL0000000000RT";
        const first = await startOrder(orderId);
        expect(first.status).toBe(503);
        expect(await first.json()).toMatchObject({ error: { code: "STORAGE_FULL" } });
        dataFs.free();
        // A new client with the same id starts it afresh: nothing was stored.
        const retried = await startOrder(orderId);
        expect(retried.status).toBe(202);
        const body = (await retried.json()) as { orderId: string; customerToken: string };
        expect(body.orderId).toBe(orderId);
        await statusBecomes(orderId, body.customerToken, "AWAITING_ORDER");
      });
    });
  },
);
