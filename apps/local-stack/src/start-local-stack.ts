/**
 * The whole shop on one machine: dynalite (persisted), the local EventBridge endpoint, the
 * durable runtime on SQLite running the order workflow, and the API plus the web app on one
 * origin. The API and the workflow reach them through the standard `AWS_ENDPOINT_URL_*`
 * variables, set here before anything builds an SDK client.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type AppDeps,
  createApp,
  createDeps,
  EventHub,
  type OrdersReconciled,
  reconcileSettings,
} from "@coffee/api";
import { consoleAssetsDir } from "@coffee/console";
import {
  createAwsClients,
  createDataLayer,
  StaffAccountRepository,
  type TableNames,
} from "@coffee/data";
import { type Clock, DurableRuntime, SqliteStore, serveHttp } from "@coffee/durable-runtime";
import { startLocalEventBus, startSupervisedLocalDynamo } from "@coffee/local-aws";
import { handler as ordersWorkflow } from "@coffee/orders-workflow";
import {
  ORDERS_WORKFLOW_FUNCTION,
  SEED_CONFIG,
  SEED_MENU,
  SEED_STOCK,
  type ShopConfig,
} from "@coffee/shared";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { forwardToHub } from "./bus-to-hub.js";
import {
  assertDataDirWritable,
  dataDirFault,
  loadSessionSecret,
  resolveDataDir,
} from "./data-dir.js";
import { exportToProcessEnv, type LocalStackEnv, readLocalEnv } from "./env.js";
import { useDynamo } from "./external-dynamo.js";
import { LocalStackError } from "./local-stack-error.js";
import { startOrderSweeps } from "./order-sweeps.js";
import { seedStaff } from "./seed-staff.js";
import { mountStaticSite } from "./static-site.js";

export interface LocalStackOptions {
  /** Settings (defaults from the environment); tests pass `{ PORT: 0, DATA_DIR: tmp }`. */
  env?: Partial<LocalStackEnv>;
  /** The built web app to serve on the same origin; default `apps/barista-web/dist`. */
  webDist?: string;
  /** SSE heartbeat interval (tests shorten it). */
  heartbeatMs?: number;
  /** The shop configuration seeded on first start (default: SEED_CONFIG). */
  shopConfig?: ShopConfig;
  /** Per-client rate limits; tests that start many orders from 127.0.0.1 raise them. */
  limits?: AppDeps["limits"];
  /** The durable runtime's clock (tests pass a ManualClock to run timers out); default: real time. */
  runtimeClock?: Clock;
  /** The workflow's execution timeout (Lambda's `durableConfig.executionTimeout`); default: none. */
  executionTimeoutSeconds?: number;
}

export interface LocalStack {
  /** `http://localhost:PORT`: the web app, and the API under `/api`. */
  url: string;
  /** The same on `127.0.0.1`, for clients that should not resolve `localhost` (tests). */
  loopbackUrl: string;
  dataDir: string;
  /** `lambda` also serves the runtime's console, at `console`. */
  endpoints: { dynamodb: string; events: string; lambda: string; console: string };
  ports: { dynamodb: number; events: number; lambda: number };
  /** Staff sign-ins created on this start or before (the passwords in effect locally). */
  staff: { username: string; password: string }[];
  webServed: boolean;
  runtime: DurableRuntime;
  hub: EventHub;
  /**
   * What the start-up run of the order reconciler did (orders a crash of an earlier run left
   * PENDING without an execution; open orders whose execution ended), and a way to run it now.
   */
  reconciler: { atStart: OrdersReconciled; sweep(): Promise<OrdersReconciled> };
  close(): Promise<void>;
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL("../../barista-web/dist", import.meta.url));

const portOf = (url: string) => Number(new URL(url).port);

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const env: LocalStackEnv = { ...readLocalEnv(), ...options.env };
  const dataDir = resolveDataDir(env.DATA_DIR, env.INIT_CWD);
  const tables: TableNames = { orders: env.ORDERS_TABLE, shop: env.SHOP_TABLE };
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // A full or read-only data directory is said at once, by name, before any store trips on it.
    await assertDataDirWritable(dataDir);
    // Fail on a taken web port before opening any store (a second `pnpm start` on the same
    // DATA_DIR would otherwise trip over dynalite's lock first, with a less helpful message).
    if (env.PORT !== 0)
      await withPort(env.PORT, "the web app and API", "PORT", () => probePort(env.PORT));
    const dynamo = env.DYNAMODB_URL
      ? await useDynamo(env.DYNAMODB_URL, tables)
      : await withPort(env.DYNAMODB_PORT, "local DynamoDB", "DYNAMODB_PORT", () =>
          startSupervisedLocalDynamo({
            dataDir: join(dataDir, "dynamodb"),
            port: env.DYNAMODB_PORT,
            tables,
          }),
        );
    cleanups.push(() => dynamo.close());
    const bus = await withPort(env.EVENTS_PORT, "local EventBridge", "EVENTS_PORT", () =>
      // Nothing in the stack reads the bus's `received()` log: keep it at its least. At its
      // default (the latest 10,000 entries, trimmed from 20,000) it held ≈1 KB of heap per
      // event, most of what the stack's heap grew by over 2,000 orders (bench --only heap).
      startLocalEventBus({ port: env.EVENTS_PORT, keep: 1 }),
    );
    cleanups.push(() => bus.close());
    const hub = new EventHub();
    const unsubscribe = bus.subscribe((entry) => forwardToHub(hub, entry));
    cleanups.push(unsubscribe);

    // The runtime resumes in-flight orders as soon as it starts, and the workflow reads its
    // endpoints on its first invocation: the environment must be complete before that.
    exportToProcessEnv({
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_EVENTS: bus.endpoint,
      // What the SDK's EventBridge client actually reads (its service id is "EventBridge").
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
      ORDERS_TABLE: tables.orders,
      SHOP_TABLE: tables.shop,
      EVENT_BUS_NAME: env.EVENT_BUS_NAME,
    });
    const runtime = new DurableRuntime({
      store: new SqliteStore({ path: join(dataDir, "durable-runtime.sqlite") }),
      clock: options.runtimeClock,
    });
    cleanups.push(() => runtime.close());
    runtime.register(
      ORDERS_WORKFLOW_FUNCTION,
      ordersWorkflow,
      options.executionTimeoutSeconds
        ? { executionTimeoutSeconds: options.executionTimeoutSeconds }
        : {},
    );
    const lambda = await withPort(
      env.DURABLE_RUNTIME_PORT,
      "durable runtime",
      "DURABLE_RUNTIME_PORT",
      () =>
        serveHttp(runtime, {
          port: env.DURABLE_RUNTIME_PORT,
          host: "127.0.0.1",
          console: { runtime, assetsDir: consoleAssetsDir },
        }),
    );
    cleanups.push(() => lambda.close());
    exportToProcessEnv({ AWS_ENDPOINT_URL_LAMBDA: lambda.url });

    const deps = createDeps({
      env,
      sessionSecret: loadSessionSecret(dataDir),
      // The local DynamoDB's files may be on a disk of their own (DATA_DIR/dynamodb).
      storageFault: (when) =>
        dataDirFault(env.DYNAMODB_URL ? [dataDir] : [dataDir, join(dataDir, "dynamodb")], when),
      hub,
      clientIp: (_request, nodeEnv) =>
        (nodeEnv as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
          ?.socket?.remoteAddress ?? "unknown",
      // Spread: a heartbeatMs of 0 means "use the default", which `??` would not give.
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
      limits: options.limits,
    });
    cleanups.push(() => deps.destroy());

    const seedClients = createAwsClients();
    cleanups.push(() => seedClients.destroy());
    await createDataLayer({
      tables,
      eventBusName: env.EVENT_BUS_NAME,
      clients: seedClients,
    }).shop.seed({
      config: options.shopConfig ?? SEED_CONFIG,
      menu: SEED_MENU,
      stock: SEED_STOCK,
    });
    const staff = [
      { username: "admin" as const, password: env.ADMIN_PASSWORD ?? "admin" },
      { username: "barista" as const, password: env.BARISTA_PASSWORD ?? "barista" },
    ];
    await seedStaff(
      new StaffAccountRepository({ client: seedClients.dynamo, tableName: tables.shop }),
      staff,
      new Date(),
    );

    // Orders whose start a crash cut off (stored PENDING, never invoked): once now, then on
    // an interval, past a grace period that lets starts in flight finish on their own.
    // Open orders whose execution was stopped or timed out are closed by the same sweeps.
    const { data, workflow } = deps.backend;
    const sweeps = startOrderSweeps(
      {
        orders: data.orders,
        settlement: data.settlement,
        shop: data.shop,
        events: data.events,
        workflow,
        now: Date.now,
      },
      { settings: reconcileSettings(env), intervalMs: env.PENDING_SWEEP_SECONDS * 1000 },
    );
    cleanups.push(() => sweeps.stop());
    const atStart = await sweeps.sweep();

    const site = new Hono();
    site.route("/", createApp(deps));
    // Unknown API paths stay JSON 404s instead of falling through to the web app.
    site.all("/api/*", (c) =>
      c.json(
        { error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${c.req.path}` } },
        404,
      ),
    );
    const webServed = mountStaticSite(site, options.webDist ?? DEFAULT_WEB_DIST);

    const server = await withPort(env.PORT, "the web app and API", "PORT", () =>
      listen(site, env.PORT),
    );
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Open event streams would otherwise hold the server open.
          server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://${env.HOST}:${port}`,
      loopbackUrl: `http://127.0.0.1:${port}`,
      dataDir,
      endpoints: {
        dynamodb: dynamo.endpoint,
        events: bus.endpoint,
        lambda: lambda.url,
        console: `${lambda.url}/console/`,
      },
      ports: {
        dynamodb: portOf(dynamo.endpoint),
        events: portOf(bus.endpoint),
        lambda: portOf(lambda.url),
      },
      staff,
      webServed,
      runtime,
      hub,
      reconciler: { atStart, sweep: sweeps.sweep },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function listen(app: Hono, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }) as Server;
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

function probePort(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** Turns EADDRINUSE into a message that says which port and how to pick another. */
async function withPort<T>(
  port: number,
  what: string,
  variable: string,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new LocalStackError(
        "PORT_IN_USE",
        `port ${port} is already in use (${what}); stop what uses it or set ${variable}=<port>`,
      );
    }
    throw error;
  }
}
