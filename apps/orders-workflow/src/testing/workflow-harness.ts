/**
 * The real workflow on the real runtime: `@coffee/durable-runtime` on a ManualClock and a SQLite
 * store, the data layer on a local dynalite, events through the local PutEvents endpoint.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  customerKey,
  type DataLayer,
  EventPublisher,
  QrTokenRepository,
  SHOP_KEYS,
} from "@coffee/data";
import {
  DurableRuntime,
  type Event,
  type GetDurableExecutionResponse,
  ManualClock,
  SqliteStore,
} from "@coffee/durable-runtime";
import { gate, runToCompletion } from "@coffee/durable-runtime/testing";
import type { LocalEventBus } from "@coffee/local-aws";
import {
  type CustomerOrderResult,
  checkChoice,
  newOrderId,
  ORDERS_WORKFLOW_FUNCTION,
  type Order,
  type OrderOutcome,
  type OrderStatus,
  orderTerms,
  SEED_MENU,
  SEED_STOCK,
} from "@coffee/shared";
import { createOrdersWorkflow } from "../orders-workflow.js";
import { EVENT_BUS_NAME, startLocalData } from "./local-data.js";

export const START = Date.parse("2026-01-01T09:00:00Z");

export interface WorkflowHarness {
  clock: ManualClock;
  runtime: DurableRuntime;
  data: DataLayer;
  bus: LocalEventBus;
  /**
   * Admits an order for `customerId` as the API does (a QR code's drink, a queue place, a
   * customer place, the order stored with its terms), starts its execution with the API's input
   * and runs it until it waits.
   */
  startOrder(customerId: string, orderId?: string): Promise<{ orderId: string; arn: string }>;
  /** The places admission keeps: orders holding a queue place, and `customerId`'s open orders. */
  counts(customerId: string): Promise<{ queued: number; open: string[] }>;
  /** Completes the order's pending callback `name` with `payload` (as the API would), then settles. */
  send(orderId: string, name: string, payload: unknown, opts?: { settle?: boolean }): Promise<void>;
  /**
   * Holds the workflow inside the step that publishes `detailType`, after its table write: the
   * moment to simulate a crash. `reached` resolves once a step is held; `release` lets it go on.
   */
  holdPublish(detailType: string): { reached: Promise<void>; release(): void };
  /**
   * Makes every publish of `detailType` throw (an event bus that is down), so the step that
   * publishes it fails on each attempt until its retries run out.
   */
  failPublish(detailType: string): void;
  /** Moves the clock and runs whatever fell due. */
  advance(seconds: number): Promise<void>;
  order(orderId: string): Promise<Order | undefined>;
  /** Detail-types published for one order, in order. */
  events(orderId: string): string[];
  execution(arn: string): Promise<GetDurableExecutionResponse>;
  outcome(arn: string): Promise<OrderOutcome | undefined>;
  /** The execution's history (Lambda `Event`s). */
  history(arn: string): Promise<Event[]>;
  /** Jumps the clock from timer to timer (step retries included) until the execution ends. */
  runOut(arn: string): Promise<void>;
  /** Starts an order for `customerId` and brings it to QUEUED with a latte. */
  queuedOrder(customerId?: string): Promise<{ orderId: string; arn: string }>;
  /** Starts an order and brings it to ACCEPTED by `baristaId`. */
  acceptedOrder(baristaId?: string): Promise<{ orderId: string; arn: string }>;
  /** The barista finishes the accepted drink and the pickup window runs out. */
  finishDrink(orderId: string): Promise<void>;
  /** Replaces the runtime with a new one on the same store file (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The `customer-order` result the API sends for a choice it checked against the seed menu. */
export function choose(drink: string, modifiers: Record<string, string>): CustomerOrderResult {
  const check = checkChoice(SEED_MENU, { drink, modifiers });
  if (!check.ok) throw new Error(`not on the seed menu: ${check.message}`);
  const { id, name } = check.drink;
  return {
    action: "submit",
    choice: { drink: { id, name, ingredients: check.ingredients }, modifiers: check.modifiers },
  };
}

/** The customer's choice in the scenarios: a large oat latte. */
export const LATTE = choose("latte", { size: "large", milk: "oat" });
export const accept = (baristaId = "barista") => ({ action: "accept", baristaId });
/** The seed stock minus one latte (what a queued latte holds). */
export const ONE_LATTE_OUT = {
  ...SEED_STOCK,
  beans: (SEED_STOCK.beans ?? 0) - 1,
  milk: (SEED_STOCK.milk ?? 0) - 1,
};

/**
 * `dbFile`: the runtime's SQLite store in a file (a fresh temporary directory, removed on close),
 * so that `restart()` finds what the runtime wrote; otherwise in memory.
 */
export async function startHarness(options: { dbFile?: boolean } = {}): Promise<WorkflowHarness> {
  const dir = options.dbFile ? mkdtempSync(join(tmpdir(), "orders-workflow-")) : undefined;
  const local = await startLocalData();
  const { data, bus, clients } = local;
  const clock = new ManualClock(START);
  const dbPath = dir ? join(dir, "runtime.db") : ":memory:";
  let hold: { detailType: string; reached: () => void; released: Promise<void> } | undefined;
  const failing = new Set<string>();
  // The publisher the workflow uses, with a place to hold a step in the middle (see holdPublish).
  const events = new EventPublisher(clients.events, EVENT_BUS_NAME);
  const publishOrderEvent = events.publishOrderEvent.bind(events);
  events.publishOrderEvent = async (detailType, order) => {
    if (failing.has(detailType)) throw new Error(`event bus unavailable (${detailType})`);
    if (hold?.detailType === detailType) {
      const current = hold;
      hold = undefined;
      current.reached();
      await current.released;
    }
    return publishOrderEvent(detailType, order);
  };
  const handler = createOrdersWorkflow({ ...data, events, now: () => clock.now() });
  const qrTokens = new QrTokenRepository({ client: clients.dynamo, tableName: "shop" });

  const newRuntime = () => {
    const runtime = new DurableRuntime({ store: new SqliteStore({ path: dbPath }), clock });
    runtime.register(ORDERS_WORKFLOW_FUNCTION, handler);
    return runtime;
  };
  let runtime = newRuntime();

  const harness: WorkflowHarness = {
    clock,
    get runtime() {
      return runtime;
    },
    data,
    bus,
    async startOrder(customerId, orderId = newOrderId(clock.now(), randomBytes(10))) {
      const { token } = await qrTokens.current(clock.now(), {
        rotationSeconds: 300,
        drinksPerToken: 1000,
      });
      const config = await data.shop.getConfig();
      const terms = orderTerms(config);
      const admission = await data.admission.admit({
        orderId,
        customerId,
        token,
        nowMs: clock.now(),
        maxOrdersPerCustomer: config.limits.maxOrdersPerCustomer,
        terms,
      });
      if (!admission.admitted) throw new Error(`order refused: ${admission.reason}`);
      const { createdAt } = admission.order;
      const { executionArn } = await runtime.startExecution({
        functionName: ORDERS_WORKFLOW_FUNCTION,
        executionName: orderId,
        input: { orderId, customerId, createdAt, terms },
      });
      await runtime.settle();
      return { orderId, arn: executionArn };
    },
    async counts(customerId) {
      const get = async (Key: { pk: string; sk: string }) =>
        (
          await clients.dynamo.send(
            new GetCommand({ TableName: "shop", Key, ConsistentRead: true }),
          )
        ).Item;
      const config = await get(SHOP_KEYS.config);
      const customer = await get(customerKey(customerId));
      return {
        queued: Number(config?.queued ?? 0),
        open: [...((customer?.open as Set<string> | undefined) ?? [])].sort(),
      };
    },
    holdPublish(detailType) {
      const reached = gate();
      const released = gate();
      hold = { detailType, reached: reached.open, released: released.opened };
      return { reached: reached.opened, release: released.open };
    },
    failPublish(detailType) {
      failing.add(detailType);
    },
    async send(orderId, name, payload, opts = {}) {
      const record = await data.orders.getRecord(orderId);
      if (record?.pendingCallback?.name !== name) {
        throw new Error(
          `order ${orderId} (${record?.order.status}) is not waiting for ${name}: ${JSON.stringify(record?.pendingCallback?.name)}`,
        );
      }
      await runtime.sendCallbackSuccess(record.pendingCallback.callbackId, JSON.stringify(payload));
      if (opts.settle !== false) await runtime.settle();
    },
    async advance(seconds) {
      clock.advance(seconds * 1000);
      await runtime.settle();
    },
    order: (orderId) => data.orders.get(orderId),
    events: (orderId) =>
      bus
        .received()
        .filter((e) => (e.detail as { orderId?: string }).orderId === orderId)
        .map((e) => e.detailType),
    execution: (arn) => runtime.getExecution(arn),
    async outcome(arn) {
      const execution = await runtime.getExecution(arn);
      return execution.Result ? (JSON.parse(execution.Result) as OrderOutcome) : undefined;
    },
    history: async (arn) => (await runtime.getExecutionHistory(arn)).Events,
    async runOut(arn) {
      await runToCompletion(runtime, clock, arn);
    },
    async queuedOrder(customerId = "cust-1") {
      const started = await harness.startOrder(customerId);
      await harness.send(started.orderId, "customer-order", LATTE);
      await expectStatus(started.orderId, "QUEUED");
      return started;
    },
    async acceptedOrder(baristaId = "barista") {
      const started = await harness.queuedOrder();
      await harness.send(started.orderId, "barista-accept", accept(baristaId));
      await expectStatus(started.orderId, "ACCEPTED", baristaId);
      return started;
    },
    async finishDrink(orderId) {
      await harness.send(orderId, "barista-complete", { action: "complete" });
      await harness.advance(10 * 60);
    },
    async restart() {
      await runtime.close();
      runtime = newRuntime();
      await runtime.settle();
    },
    async close() {
      await runtime.close();
      await local.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  /** A step of a scenario did not lead where it should: the test fails here. */
  async function expectStatus(orderId: string, status: OrderStatus, baristaId?: string) {
    const order = await data.orders.get(orderId);
    if (order?.status !== status || order.baristaId !== baristaId) {
      throw new Error(
        `order ${orderId} is ${order?.status} (barista ${order?.baristaId}), expected ${status} (${baristaId})`,
      );
    }
  }
  return harness;
}
