import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RateLimiter } from "@coffee/api";
import { readSse } from "@coffee/api/testing";
import { SEED_CONFIG } from "@coffee/shared";
import { apiCaller } from "@coffee/shop-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LocalStackWithRuntimeHere,
  type RuntimeHereOptions,
  startLocalStack,
} from "./start-local-stack.js";
import { customerSeesStatus } from "./testing/stack-orders.js";

// The whole shop in this process over real HTTP: dynalite on disk, the local bus, the durable
// runtime on SQLite running the real order workflow (in this thread: tests read its history),
// and the API.
let dataDir: string;
let stack: LocalStackWithRuntimeHere;
let base: string;

const generous = () => ({
  redeem: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
  startOrder: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
});

function stackOptions(ports?: LocalStackWithRuntimeHere["ports"]): RuntimeHereOptions {
  return {
    runtimeIn: "this-thread",
    env: {
      PORT: 0,
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: "admin-pw",
      BARISTA_PASSWORD: "barista-pw",
      // Spread: env is spread over the parsed environment; undefined would wipe a port's 0.
      ...(ports
        ? {
            DYNAMODB_PORT: ports.dynamodb,
            EVENTS_PORT: ports.events,
            DURABLE_RUNTIME_PORT: ports.lambda,
          }
        : {}),
    },
    webDist: join(dataDir, "no-web-app"),
    heartbeatMs: 1000,
    limits: generous(),
    // Room for every test's orders on one token and in one queue.
    shopConfig: {
      ...SEED_CONFIG,
      limits: { ...SEED_CONFIG.limits, drinksPerToken: 1000, maxOrdersInQueue: 1000 },
    },
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-api-"));
  stack = await startLocalStack(stackOptions());
  base = `${stack.loopbackUrl}/api`;
});

afterAll(async () => {
  await stack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const call = apiCaller(() => base);

async function signIn(username: string) {
  const res = await call("POST", "/auth/login", { body: { username, password: `${username}-pw` } });
  expect(res.status).toBe(200);
  return res.body.token as string;
}

async function newCustomerOrder(barista: string, orderId?: string) {
  const qr = await call("GET", "/qr-code", { token: barista });
  const res = await call("POST", "/orders", {
    body: { token: qr.body.token, orderId },
  });
  expect(res.status).toBe(202);
  return res.body as { orderId: string; customerToken: string };
}

const statusBecomes = (orderId: string, token: string, status: string) =>
  customerSeesStatus(call, orderId, token, status);

describe("the local stack", () => {
  it("serves a whole order through the API with customer and barista sessions", async () => {
    const barista = await signIn("barista");
    const { orderId, customerToken } = await newCustomerOrder(barista);
    const events = await fetch(`${base}/events`, {
      headers: { authorization: `Bearer ${customerToken}` },
    });
    const stream = readSse(events);
    expect((await stream.next()).event).toBe("ready");

    await statusBecomes(orderId, customerToken, "AWAITING_ORDER");
    const choose = await call("PUT", `/orders/${orderId}`, {
      token: customerToken,
      body: { drink: "latte", modifiers: { milk: "oat" } },
    });
    expect(choose.status).toBe(202);
    await statusBecomes(orderId, customerToken, "QUEUED");
    const queue = await call("GET", "/orders?status=QUEUED", { token: barista });
    expect(queue.body.orders.map((o: { orderId: string }) => o.orderId)).toContain(orderId);

    expect((await call("POST", `/orders/${orderId}/accept`, { token: barista })).status).toBe(202);
    await statusBecomes(orderId, customerToken, "ACCEPTED");
    expect((await call("POST", `/orders/${orderId}/complete`, { token: barista })).status).toBe(
      202,
    );
    await statusBecomes(orderId, customerToken, "READY");
    const ready = await call("GET", `/orders/${orderId}`, { token: customerToken });
    expect(ready.body).toMatchObject({ drink: "latte", orderNumber: expect.any(Number) });

    // The customer's stream saw its order move, ending with Order.Ready.
    const seen: string[] = [];
    while (!seen.includes("Order.Ready")) {
      const message = await stream.next();
      expect((message.data as { orderId?: string }).orderId ?? orderId).toBe(orderId);
      if (message.event) seen.push(message.event);
    }
    await stream.cancel();

    const execution = await call("GET", `/orders/${orderId}/execution`, { token: barista });
    expect(execution.status).toBe(200);
    const names = execution.body.operations.map((o: { name?: string }) => o.name);
    expect(names).toEqual(
      expect.arrayContaining(["customer-order", "barista-accept", "barista-complete"]),
    );
    // Callback ids never leave the server.
    const record = await stack.runtime.getExecutionHistory(execution.body.executionArn);
    const callbackIds = record.Events.flatMap((e) => e.CallbackStartedDetails?.CallbackId ?? []);
    expect(callbackIds.length).toBeGreaterThan(0);
    for (const id of callbackIds) {
      expect(execution.text).not.toContain(id);
      expect(ready.text).not.toContain(id);
    }
    const customerView = await call("GET", `/orders/${orderId}/execution`, {
      token: customerToken,
    });
    expect(customerView.status).toBe(403);
  });

  it("serves the runtime's console beside the shop, listing the orders workflow", async () => {
    const page = await fetch(stack.endpoints.console);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const functions = await fetch(`${stack.endpoints.lambda}/console/api/functions`);
    expect(await functions.json()).toMatchObject({
      Functions: expect.arrayContaining([
        expect.objectContaining({ FunctionName: "orders-workflow", Durable: true }),
      ]),
    });
  });

  it("answers every 4xx on the real stack", async () => {
    const barista = await signIn("barista");
    const a = await newCustomerOrder(barista);
    const b = await newCustomerOrder(barista);
    await statusBecomes(a.orderId, a.customerToken, "AWAITING_ORDER");
    expect((await call("GET", `/orders/${a.orderId}`)).status).toBe(401);
    expect((await call("GET", `/orders/${a.orderId}`, { token: b.customerToken })).status).toBe(
      403,
    );
    expect(
      (await call("POST", `/orders/${a.orderId}/accept`, { token: a.customerToken })).status,
    ).toBe(403);
    expect(
      (await call("GET", "/orders/ord_01KZZZZZZZZZZZZZZZZZZZZZZZ", { token: barista })).status,
    ).toBe(404);
    const invalid = await call("PUT", `/orders/${a.orderId}`, {
      token: a.customerToken,
      body: { drink: "mocha" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain("body.drink");
    const early = await call("POST", `/orders/${a.orderId}/complete`, { token: barista });
    expect(early.status).toBe(409);
    expect(early.body.error.status).toBe("AWAITING_ORDER");
    expect(
      (await call("POST", "/auth/login", { body: { username: "barista", password: "no" } })).status,
    ).toBe(401);
    // Cancel, then a second action on the finished order is a 409 with its status.
    expect(
      (await call("POST", `/orders/${a.orderId}/cancel`, { token: a.customerToken })).status,
    ).toBe(202);
    await statusBecomes(a.orderId, a.customerToken, "CANCELLED");
    const late = await call("POST", `/orders/${a.orderId}/cancel`, { token: a.customerToken });
    expect(late.status).toBe(409);
    expect(late.body.error.status).toBe("CANCELLED");
  });

  it("lets one of two baristas racing for an order win; the other gets 409", async () => {
    const barista = await signIn("barista");
    const admin = await signIn("admin");
    const { orderId, customerToken } = await newCustomerOrder(barista);
    await statusBecomes(orderId, customerToken, "AWAITING_ORDER");
    await call("PUT", `/orders/${orderId}`, { token: customerToken, body: { drink: "americano" } });
    await statusBecomes(orderId, customerToken, "QUEUED");
    const results = await Promise.all(
      [barista, admin].map((token) => call("POST", `/orders/${orderId}/accept`, { token })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(results.find((r) => r.status === 409)?.body.error.code).toBe("INVALID_STATE");
    await statusBecomes(orderId, customerToken, "ACCEPTED");
  });

  it("uses a QR token for exactly its number of drinks", async () => {
    const admin = await signIn("admin");
    const barista = await signIn("barista");
    // Another rotation period length means another token, here one for 3 drinks.
    const limits = (drinksPerToken: number, tokenRotationSeconds: number) =>
      call("PUT", "/admin/config", {
        token: admin,
        body: { limits: { drinksPerToken, tokenRotationSeconds } },
      });
    expect((await limits(3, 301)).status).toBe(200);
    const qr = await call("GET", "/qr-code", { token: barista });
    expect(qr.body.remaining).toBe(3);
    const results = await Promise.all(
      Array.from({ length: qr.body.remaining + 2 }, () =>
        call("POST", "/orders", { body: { token: qr.body.token } }),
      ),
    );
    expect(results.filter((r) => r.status === 202)).toHaveLength(qr.body.remaining);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual([
      "TOKEN_EXHAUSTED",
      "TOKEN_EXHAUSTED",
    ]);
    expect((await limits(1000, 300)).status).toBe(200);
  });

  it("starts one execution per order id, however often the start is retried", async () => {
    const barista = await signIn("barista");
    const orderId = "ord_01KBBBBBBBBBBBBBBBBBBBBBBB";
    const first = await newCustomerOrder(barista, orderId);
    const qr = await call("GET", "/qr-code", { token: barista });
    const retry = await call("POST", "/orders", {
      token: first.customerToken,
      body: { token: qr.body.token, orderId },
    });
    expect(retry.status).toBe(202);
    expect(retry.body.orderId).toBe(orderId);
    const { DurableExecutions } = await stack.runtime.listExecutions({
      functionName: "orders-workflow",
      executionName: orderId,
    });
    expect(DurableExecutions).toHaveLength(1);
  });

  it("delivers shop changes to anonymous streams after the admin makes them", async () => {
    const admin = await signIn("admin");
    const events = await fetch(`${base}/events`);
    const stream = readSse(events);
    expect((await stream.next()).event).toBe("ready");
    expect(
      (await call("PUT", "/admin/store", { token: admin, body: { open: false } })).status,
    ).toBe(200);
    expect(await stream.next()).toMatchObject({
      event: "Shop.StoreStatusChanged",
      data: { storeOpen: false },
    });
    expect((await call("GET", "/config")).body.storeOpen).toBe(false);
    expect((await call("PUT", "/admin/store", { token: admin, body: { open: true } })).status).toBe(
      200,
    );
    await stream.cancel();
  });

  it("says which port is taken and how to choose another", async () => {
    const taken = Number(new URL(stack.loopbackUrl).port);
    const options = stackOptions();
    await expect(
      startLocalStack({ ...options, env: { ...options.env, PORT: taken } }),
    ).rejects.toThrow(
      `port ${taken} is already in use (the web app and API); stop what uses it or set PORT=<port>`,
    );
  });

  it("continues an order in flight after the stack restarts on the same data", async () => {
    const barista = await signIn("barista");
    const { orderId, customerToken } = await newCustomerOrder(barista);
    await statusBecomes(orderId, customerToken, "AWAITING_ORDER");
    await call("PUT", `/orders/${orderId}`, { token: customerToken, body: { drink: "espresso" } });
    await statusBecomes(orderId, customerToken, "QUEUED");

    const ports = stack.ports;
    await stack.close();
    stack = await startLocalStack(stackOptions(ports));
    base = `${stack.loopbackUrl}/api`;

    // Same data: the sessions, the order and its waiting callback are all still there.
    expect((await call("POST", `/orders/${orderId}/accept`, { token: barista })).status).toBe(202);
    await statusBecomes(orderId, customerToken, "ACCEPTED");
    expect((await call("POST", `/orders/${orderId}/complete`, { token: barista })).status).toBe(
      202,
    );
    await statusBecomes(orderId, customerToken, "READY");
  });
});
