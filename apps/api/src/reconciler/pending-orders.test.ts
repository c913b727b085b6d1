import type { OrderWorkflowInput } from "@coffee/shared";
import { describe, expect, it } from "vitest";
import { MemoryOrders, RecordingWorkflow } from "../testing/memory-stores.js";
import { reconcilePendingOrders } from "./pending-orders.js";

const T0 = Date.parse("2026-01-01T08:00:00Z");
const at = (secondsAfterT0: number) => new Date(T0 + secondsAfterT0 * 1000).toISOString();
const id = (n: number) => `ord_01KDDDDDDDDDDDDDDDDDDDDDD${n}`;

function setup() {
  const orders = new MemoryOrders();
  const workflow = new RecordingWorkflow();
  const clock = { now: T0 };
  return { orders, workflow, clock, deps: { orders, workflow, now: () => clock.now } };
}

describe("reconcilePendingOrders", () => {
  it("starts PENDING orders past the grace period, with the stored order's input", async () => {
    const { orders, workflow, clock, deps } = setup();
    await orders.create({ orderId: id(1), customerId: "cus_old", now: at(-60) });
    await orders.create({ orderId: id(2), customerId: "cus_young", now: at(-10) });
    await orders.create({ orderId: id(3), customerId: "cus_moved", now: at(-60) });
    orders.set(id(3), { status: "AWAITING_ORDER" });

    const first = await reconcilePendingOrders(deps, { graceMs: 30_000 });
    expect(first).toEqual({ due: 1, started: [id(1)], failed: [] });
    expect(workflow.started).toEqual([{ orderId: id(1), customerId: "cus_old" }]);

    // Exactly at the boundary the young order is due too; the old one, still PENDING (nothing
    // plays the workflow here), is started again with the very same input.
    clock.now = T0 + 20_000;
    const second = await reconcilePendingOrders(deps, { graceMs: 30_000 });
    expect(second.started.sort()).toEqual([id(1), id(2)]);
    const inputs = workflow.started.map((s) => JSON.stringify(s));
    expect(inputs.filter((s) => s.includes(id(1)))).toEqual([inputs[0], inputs[0]]);
  });

  it("re-reads each order and skips one the workflow moved meanwhile (a stale index)", async () => {
    const { orders, workflow, deps } = setup();
    await orders.create({ orderId: id(1), customerId: "cus_a", now: at(-60) });
    await orders.create({ orderId: id(2), customerId: "cus_b", now: at(-60) });
    const stale = await orders.listByStatus("PENDING");
    orders.set(id(1), { status: "AWAITING_ORDER" });
    const report = await reconcilePendingOrders(
      {
        ...deps,
        orders: { listByStatus: async () => stale, getRecord: (o) => orders.getRecord(o) },
      },
      { graceMs: 30_000 },
    );
    expect(report).toEqual({ due: 2, started: [id(2)], failed: [] });
    expect(workflow.started.map((s) => s.orderId)).toEqual([id(2)]);
  });

  it("reports a failed start and goes on with the others", async () => {
    const { orders, deps } = setup();
    for (const n of [1, 2, 3]) {
      await orders.create({ orderId: id(n), customerId: `cus_${n}`, now: at(-60 + n) });
    }
    const started: OrderWorkflowInput[] = [];
    const boom = new Error("runtime unreachable");
    const report = await reconcilePendingOrders(
      {
        ...deps,
        workflow: {
          startOrder: async (input) => {
            if (input.orderId === id(2)) throw boom;
            started.push(input);
          },
        },
      },
      { graceMs: 30_000, concurrency: 2 },
    );
    expect(report.due).toBe(3);
    expect(report.started.sort()).toEqual([id(1), id(3)]);
    expect(report.failed).toEqual([{ orderId: id(2), error: boom }]);
  });
});
