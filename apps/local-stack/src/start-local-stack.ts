/**
 * The whole shop on one machine: dynalite (persisted, a process of its own), the local
 * EventBridge endpoint, the durable runtime on SQLite running the order workflow (a worker thread
 * of its own by default), and the API plus the web app on one origin. The API and the workflow
 * reach them through the standard `AWS_ENDPOINT_URL_*` variables, set here before anything builds
 * an SDK client.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import type { Worker } from "node:worker_threads";
import {
  type AppDeps,
  createApp,
  createDeps,
  EventHub,
  type OrdersReconciled,
  reconcileSettings,
} from "@coffee/api";
import {
  createAwsClients,
  createDataLayer,
  StaffAccountRepository,
  type TableNames,
} from "@coffee/data";
import type { Clock, DurableRuntime } from "@coffee/durable-runtime";
import { startLocalEventBus, startSupervisedLocalDynamo } from "@coffee/local-aws";
import { SEED_CONFIG, SEED_MENU, SEED_STOCK, type ShopConfig } from "@coffee/shared";
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
import { startOrderSweeps } from "./order-sweeps.js";
import { probePort, withPort } from "./ports.js";
import { type RuntimeHostSettings, startRuntimeHost } from "./runtime-host.js";
import { startRuntimeThread } from "./runtime-thread.js";
import { seedStaff } from "./seed-staff.js";
import { mountStaticSite } from "./static-site.js";

interface CommonOptions {
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
  /** The workflow's execution timeout (Lambda's `durableConfig.executionTimeout`); default: none. */
  executionTimeoutSeconds?: number;
}

/**
 * The durable runtime and the workflow in a worker thread of this process (the default, as
 * `pnpm start` runs): the API and the runtime each get a core.
 */
export interface RuntimeThreadOptions extends CommonOptions {
  runtimeIn?: "worker-thread";
  /**
   * Told if the runtime's thread ends without `close()` (an exception nothing caught there).
   * Default: say so on stderr, close the rest of the stack and exit the process with 1, since a
   * shop without its runtime takes orders that never start.
   */
  onRuntimeLost?: (reason: Error) => void;
}

/**
 * The durable runtime and the workflow in the caller's thread, for tests that reach
 * `stack.runtime` or drive its clock.
 */
export interface RuntimeHereOptions extends CommonOptions {
  runtimeIn: "this-thread";
  /** The durable runtime's clock (tests pass a ManualClock to run timers out); default: real time. */
  runtimeClock?: Clock;
}

export type LocalStackOptions = RuntimeThreadOptions | RuntimeHereOptions;

interface LocalStackBase {
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
  hub: EventHub;
  /**
   * What the start-up run of the order reconciler did (orders a crash of an earlier run left
   * PENDING without an execution; open orders whose execution ended), and a way to run it now.
   */
  reconciler: { atStart: OrdersReconciled; sweep(): Promise<OrdersReconciled> };
  /** Closes everything: the API first, the runtime (SQLite closed) before the stores it writes to. */
  close(): Promise<void>;
}

/** A stack whose runtime runs in a worker thread (`runtimeIn: "worker-thread"`, the default). */
export interface LocalStackWithRuntimeThread extends LocalStackBase {
  runtimeIn: "worker-thread";
  /** The runtime's thread (its `threadId`; `terminate()` is a crash of the runtime). */
  runtimeThread: Worker;
}

/** A stack whose runtime runs in the caller's thread (`runtimeIn: "this-thread"`). */
export interface LocalStackWithRuntimeHere extends LocalStackBase {
  runtimeIn: "this-thread";
  runtime: DurableRuntime;
}

export type LocalStack = LocalStackWithRuntimeThread | LocalStackWithRuntimeHere;

const DEFAULT_WEB_DIST = fileURLToPath(new URL("../../barista-web/dist", import.meta.url));

const portOf = (url: string) => Number(new URL(url).port);

export function startLocalStack(options: RuntimeHereOptions): Promise<LocalStackWithRuntimeHere>;
export function startLocalStack(
  options?: RuntimeThreadOptions,
): Promise<LocalStackWithRuntimeThread>;
export function startLocalStack(options?: LocalStackOptions): Promise<LocalStack>;
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const env: LocalStackEnv = { ...readLocalEnv(), ...options.env };
  const dataDir = resolveDataDir(env.DATA_DIR, env.INIT_CWD);
  const tables: TableNames = { orders: env.ORDERS_TABLE, shop: env.SHOP_TABLE };
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let closing: Promise<void> | undefined;
  // Once, whoever asks first (Ctrl-C, a lost runtime, a failed start): later calls wait for it.
  const closeAll = () => {
    closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    })();
    return closing;
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
    // endpoints on its first invocation: the environment must be complete before that (the
    // runtime's thread gets a copy of it as it is then).
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
    const settings: RuntimeHostSettings = {
      sqlitePath: join(dataDir, "durable-runtime.sqlite"),
      port: env.DURABLE_RUNTIME_PORT,
      executionTimeoutSeconds: options.executionTimeoutSeconds,
    };
    let placement:
      | Pick<LocalStackWithRuntimeThread, "runtimeIn" | "runtimeThread">
      | Pick<LocalStackWithRuntimeHere, "runtimeIn" | "runtime">;
    let lambdaUrl: string;
    if (options.runtimeIn === "this-thread") {
      const host = await startRuntimeHost({ ...settings, clock: options.runtimeClock });
      cleanups.push(() => host.close());
      placement = { runtimeIn: "this-thread", runtime: host.runtime };
      lambdaUrl = host.url;
    } else {
      const onLost =
        options.onRuntimeLost ?? ((reason: Error) => exitWithoutRuntime(reason, closeAll));
      const thread = await startRuntimeThread({ settings, onLost });
      cleanups.push(() => thread.close());
      placement = { runtimeIn: "worker-thread", runtimeThread: thread.worker };
      lambdaUrl = thread.url;
    }
    exportToProcessEnv({ AWS_ENDPOINT_URL_LAMBDA: lambdaUrl });

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
        lambda: lambdaUrl,
        console: `${lambdaUrl}/console/`,
      },
      ports: {
        dynamodb: portOf(dynamo.endpoint),
        events: portOf(bus.endpoint),
        lambda: portOf(lambdaUrl),
      },
      staff,
      webServed,
      hub,
      reconciler: { atStart, sweep: sweeps.sweep },
      close: closeAll,
      ...placement,
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

/**
 * A stack whose runtime thread ended is no shop (orders would be stored and never started): say
 * why, close the rest, exit with 1. A close that hangs does not keep the process.
 */
function exitWithoutRuntime(reason: Error, closeAll: () => Promise<void>): void {
  console.error(
    `coffee: the durable runtime stopped unexpectedly; closing the shop: ${inspect(reason)}`,
  );
  setTimeout(() => process.exit(1), 10_000).unref();
  void closeAll().finally(() => process.exit(1));
}
