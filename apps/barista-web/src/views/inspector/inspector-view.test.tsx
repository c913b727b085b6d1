import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { OrderExecution } from "../../api/api-schemas.js";
import { FakeCoffeeBar } from "../../testing/fake-coffee-bar.js";
import { renderView, signInAs } from "../../testing/render-view.js";
import { InspectorView } from "./inspector-view.js";

const at = (s: number) => new Date(Date.parse("2026-01-01T08:00:00.000Z") + s * 1000).toISOString();

function timeline(status = "SUCCEEDED"): OrderExecution {
  return {
    orderId: "ord_1",
    order:
      status === "RUNNING"
        ? { status: "ACCEPTED" }
        : { status: "CANCELLED", reason: "BARISTA_TIMEOUT" },
    executionArn:
      "arn:aws:lambda:local:000000000000:function:orders-workflow:$LATEST/durable-execution/ord_1/x",
    name: "ord_1",
    status,
    startedAt: at(0),
    endedAt: status === "RUNNING" ? undefined : at(100),
    input: JSON.stringify({ orderId: "ord_1", customerId: "cus_1" }),
    result: status === "RUNNING" ? undefined : JSON.stringify({ status: "CANCELLED" }),
    invocations: [
      { startedAt: at(0), endedAt: at(1) },
      { startedAt: at(20), endedAt: at(22) },
    ],
    operations: [
      {
        id: "p",
        type: "CONTEXT",
        subType: "Parallel",
        name: "check-shop",
        status: "SUCCEEDED",
        startedAt: at(0),
        endedAt: at(1),
      },
      {
        id: "p1",
        parentId: "p",
        type: "STEP",
        name: "store-open",
        status: "SUCCEEDED",
        startedAt: at(0),
        endedAt: at(1),
      },
      {
        id: "c1",
        type: "CALLBACK",
        name: "customer-order",
        status: "SUCCEEDED",
        startedAt: at(1),
        endedAt: at(20),
        timeoutSeconds: 300,
      },
      {
        id: "s1",
        type: "STEP",
        name: "reserve-stock",
        status: "SUCCEEDED",
        startedAt: at(20),
        endedAt: at(22),
        result: JSON.stringify({
          reserved: { milk: 1, beans: 18, syrup: 0 },
          orderNumber: 12,
          drink: "large oat latte",
        }),
        attempts: [
          {
            attempt: 1,
            startedAt: at(20),
            endedAt: at(20),
            error: { type: "Throttled", message: "slow down" },
            nextAttemptDelaySeconds: 1,
          },
          {
            attempt: 2,
            startedAt: at(21),
            endedAt: at(21),
            error: { type: "Throttled", message: "slow down again" },
            nextAttemptDelaySeconds: 1,
          },
          { attempt: 3, startedAt: at(22), endedAt: at(22) },
        ],
      },
      {
        id: "c2",
        type: "CALLBACK",
        name: "barista-complete",
        status: "TIMED_OUT",
        startedAt: at(22),
        endedAt: at(90),
        timeoutSeconds: 900,
        error: { type: "CallbackTimeout", message: "timed out" },
      },
      {
        id: "s2",
        type: "STEP",
        name: "release-stock",
        status: "SUCCEEDED",
        startedAt: at(90),
        endedAt: at(91),
      },
      {
        id: "w1",
        type: "WAIT",
        name: "pickup-window",
        status: "STARTED",
        startedAt: at(91),
        waitSeconds: 600,
        scheduledEndAt: at(691),
      },
    ],
  };
}

describe("InspectorView", () => {
  it("draws every operation with status, timing, timeouts, retries and compensation", async () => {
    signInAs("barista");
    const bar = new FakeCoffeeBar();
    bar.timeline = timeline();
    renderView(<InspectorView orderId="ord_1" />, bar);
    expect((await screen.findByTestId("execution-status")).textContent).toBe("SUCCEEDED");
    // The order's outcome beside the execution's: the workflow handled a barista timeout.
    expect(screen.getByTestId("order-outcome").textContent).toBe("CANCELLED · BARISTA_TIMEOUT");
    expect(screen.getByText("1 min 40 s")).toBeTruthy();
    const rows = screen.getAllByTestId("operation");
    expect(rows.map((r) => within(r).getByRole("rowheader").textContent)).toEqual([
      "check-shop",
      "store-open",
      "customer-order",
      "reserve-stock",
      "barista-complete",
      "release-stockcompensation",
      "pickup-window",
    ]);
    const callback = rows[2] as HTMLElement;
    expect(within(callback).getByText("timeout 300 s")).toBeTruthy();
    expect(within(callback).getByText("+1.0 s")).toBeTruthy();
    expect(within(callback).getByText("19.0 s")).toBeTruthy();
    const reserve = rows[3] as HTMLElement;
    expect(within(reserve).getByText(/3 attempts \(2 retries\)/)).toBeTruthy();
    expect(
      within(reserve)
        .getAllByTestId("attempt")
        .map((a) => a.textContent),
    ).toEqual([
      "attempt 1 · 0 ms · Throttled: slow down · next attempt after 1.0 s",
      "attempt 2 · 0 ms · Throttled: slow down again · next attempt after 1.0 s",
      "attempt 3 · 0 ms · succeeded",
    ]);
    // Payloads as folded pretty JSON.
    const result = within(reserve).getByText("Result").closest("details") as HTMLElement;
    expect(result.querySelector("pre")?.textContent).toContain('"orderNumber": 12');
    expect(
      within(rows[4] as HTMLElement).getByText(/timeout 900 s · CallbackTimeout: timed out/),
    ).toBeTruthy();
    expect(rows[4]?.getAttribute("data-status")).toBe("TIMED_OUT");
    expect(within(rows[6] as HTMLElement).getByText(/wait 600 s/)).toBeTruthy();
    // Children sit under their parent context.
    expect(
      (within(rows[1] as HTMLElement).getByRole("rowheader") as HTMLElement).style.paddingLeft,
    ).toBe("1.75rem");
  });

  it("says when the order has no execution", async () => {
    signInAs("barista");
    renderView(<InspectorView orderId="ord_1" />);
    expect(await screen.findByText("This order has no durable execution (yet).")).toBeTruthy();
  });

  it("refreshes when the order changes", async () => {
    signInAs("admin");
    const bar = new FakeCoffeeBar();
    bar.timeline = timeline("RUNNING");
    renderView(<InspectorView orderId="ord_1" />, bar);
    expect((await screen.findByTestId("execution-status")).textContent).toBe("RUNNING");
    bar.timeline = timeline("SUCCEEDED");
    act(() =>
      bar.realtime.emit({ type: "Order.Completed", orderId: "ord_1", status: "COMPLETED" }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("execution-status").textContent).toBe("SUCCEEDED"),
    );
  });
});

describe("InspectorView: unnamed operations", () => {
  it("names them after their kind and parent", async () => {
    signInAs("barista");
    const bar = new FakeCoffeeBar();
    const t = timeline();
    t.operations.push({
      id: "cb",
      parentId: "c1",
      type: "CALLBACK",
      subType: "Callback",
      status: "SUCCEEDED",
    });
    bar.timeline = t;
    renderView(<InspectorView orderId="ord_1" />, bar);
    expect(await screen.findByText("callback of customer-order")).toBeTruthy();
  });
});
