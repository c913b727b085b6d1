/**
 * The DynamoDB requests the API makes for a customer's start and choice, counted at a proxy in
 * front of a real dynalite, with the API's caches of config and menu expired (as for an order
 * that comes alone): a start is its admission transaction, a choice one read of the order with
 * the menu. (The whole order, workflow included, is counted by the cost bench: bench/README.md.)
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestApp, RecordingWorkflow } from "@coffee/api/testing";
import {
  createAwsClients,
  createDataLayer,
  type DataLayer,
  QrTokenRepository,
  StaffAccountRepository,
} from "@coffee/data";
import {
  LOCAL_CLIENT_CONFIG,
  type LocalDynamo,
  type LocalEventBus,
  startLocalDynamo,
  startLocalEventBus,
} from "@coffee/local-aws";
import { orderTerms, SEED_CONFIG } from "@coffee/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const TABLES = { orders: "orders", shop: "shop" };

/** Passes requests to `target` and counts them by operation (`X-Amz-Target`). */
async function countingProxy(target: string) {
  const counts: Record<string, number> = {};
  const upstream = new URL(target);
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "?";
    counts[operation] = (counts[operation] ?? 0) + 1;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.end(Buffer.concat(chunks));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** The counts since the last call. */
    take() {
      const taken = { ...counts };
      for (const key of Object.keys(counts)) delete counts[key];
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let dynamo: LocalDynamo;
let bus: LocalEventBus;
let proxy: Awaited<ReturnType<typeof countingProxy>>;
let clients: ReturnType<typeof createAwsClients>;
let data: DataLayer;
let app: Awaited<ReturnType<typeof createTestApp>>["app"];
let qr: QrTokenRepository;
const workflow = new RecordingWorkflow();

beforeAll(async () => {
  dynamo = await startLocalDynamo({ tables: TABLES });
  bus = await startLocalEventBus();
  proxy = await countingProxy(dynamo.endpoint);
  clients = createAwsClients({
    dynamo: { ...LOCAL_CLIENT_CONFIG, endpoint: proxy.endpoint },
    events: { ...LOCAL_CLIENT_CONFIG, endpoint: bus.endpoint },
  });
  data = createDataLayer({ tables: TABLES, eventBusName: "coffee", clients });
  await data.shop.seed();
  qr = new QrTokenRepository({ client: clients.dynamo, tableName: TABLES.shop });
  // The API on the real data layer; sessions, hub and limits as in the API's route tests.
  ({ app } = await createTestApp({
    orders: data.orders,
    admission: data.admission,
    shop: data.shop,
    qrTokens: qr,
    staffAccounts: new StaffAccountRepository({ client: clients.dynamo, tableName: TABLES.shop }),
    shopEvents: { async publishShopEvent() {} },
    workflow,
    now: () => Date.now(),
    // Nothing kept for a moment: every start and choice as if it came alone.
    shopCacheMs: 0,
  }));
});

afterAll(async () => {
  clients?.destroy();
  await proxy?.close();
  await bus?.close();
  await dynamo?.close();
});

beforeEach(() => {
  workflow.completed.length = 0;
});

async function start(): Promise<{ orderId: string; customerToken: string }> {
  const { token } = await qr.current(Date.now(), { rotationSeconds: 300, drinksPerToken: 1000 });
  proxy.take();
  const res = await app.request("/api/orders", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  expect(res.status).toBe(202);
  return (await res.json()) as { orderId: string; customerToken: string };
}

describe("DynamoDB requests of the API, per customer action, with nothing cached", () => {
  it("a start is its admission transaction: the config is read once, then only when it changed", async () => {
    await start();
    // The first start of this process reads the config it then keeps.
    expect(proxy.take()).toEqual({ GetItem: 1, TransactWriteItems: 1 });

    const { orderId } = await start();
    expect(proxy.take()).toEqual({ TransactWriteItems: 1 });
    expect((await data.orders.getRecord(orderId))?.terms).toEqual(orderTerms(SEED_CONFIG));

    // Changed behind this process's back: admission answers the stored config, no read.
    const changed = { ...SEED_CONFIG, timeouts: { ...SEED_CONFIG.timeouts, pickupSeconds: 42 } };
    await data.shop.putConfig(changed);
    const next = await start();
    expect(proxy.take()).toEqual({ TransactWriteItems: 2 });
    expect((await data.orders.getRecord(next.orderId))?.terms).toEqual(orderTerms(changed));
    await start();
    expect(proxy.take()).toEqual({ TransactWriteItems: 1 });
  });

  it("a choice is one read of the order with the menu", async () => {
    const { orderId, customerToken } = await start();
    await data.orders.transition(orderId, {
      from: ["PENDING"],
      to: "AWAITING_ORDER",
      now: new Date().toISOString(),
      pendingCallback: { name: "customer-order", callbackId: "cb-choice" },
    });
    proxy.take();
    const res = await app.request(`/api/orders/${orderId}`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${customerToken}` },
      body: JSON.stringify({ drink: "latte", modifiers: { milk: "oat" } }),
    });
    expect(res.status).toBe(202);
    expect(proxy.take()).toEqual({ BatchGetItem: 1 });
    expect(workflow.completed).toHaveLength(1);
    expect(workflow.completed[0]).toMatchObject({
      callbackId: "cb-choice",
      result: { choice: { drink: { id: "latte", ingredients: { beans: 1, milk: 1 } } } },
    });
  });
});
