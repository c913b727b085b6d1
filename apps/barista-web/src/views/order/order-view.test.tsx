import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeCoffeeBar } from "../../testing/fake-coffee-bar.js";
import { renderView } from "../../testing/render-view.js";
import { OrderView } from "./order-view.js";

const heading = () => screen.findByRole("heading", { level: 1 });

describe("OrderView: screens that stop the order", () => {
  it("asks for a scan without a token", async () => {
    renderView(<OrderView qrToken="" />);
    expect((await heading()).textContent).toBe("Scan the code to order");
  });

  it("says the shop is closed and does not spend the token", async () => {
    const bar = new FakeCoffeeBar();
    bar.config.storeOpen = false;
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    expect((await heading()).textContent).toBe("The shop is closed");
    expect(bar.calls).not.toContain("POST /api/orders");
    expect(bar.qr.remaining).toBe(10);
  });

  it("says the code is used up", async () => {
    const bar = new FakeCoffeeBar();
    bar.qr.remaining = 0;
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    expect((await heading()).textContent).toBe("This code is used up");
  });

  it("says an old code has expired", async () => {
    renderView(<OrderView qrToken="old-token" />);
    expect((await heading()).textContent).toBe("This code has expired");
  });

  it("at the per-customer limit, leads to the order already open", async () => {
    const bar = new FakeCoffeeBar();
    const open = bar.addOrder({ status: "QUEUED", orderNumber: 7, drink: "latte" });
    bar.cookie = bar.customerToken(open.customerId);
    bar.refuseStart = { code: "CUSTOMER_LIMIT", orderId: open.orderId };
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    expect((await heading()).textContent).toBe("You already have an order");
    expect(bar.qr.remaining).toBe(10);
    await userEvent.click(screen.getByRole("button", { name: "Show my order" }));
    expect((await screen.findByTestId("order-status")).textContent).toBe("In the queue");
    expect(screen.getByTestId("order-number").textContent).toBe("7");
  });

  it("says the queue is full, and trying again later orders", async () => {
    const bar = new FakeCoffeeBar();
    bar.refuseStart = { code: "QUEUE_FULL" };
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    expect((await heading()).textContent).toBe("The queue is full");
    bar.refuseStart = undefined;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect((await heading()).textContent).toBe("Choose your drink");
  });

  it("follows a closed shop reopening live, then orders", async () => {
    const bar = new FakeCoffeeBar();
    bar.config.storeOpen = false;
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    expect((await heading()).textContent).toBe("The shop is closed");
    expect(screen.queryByRole("button")).toBeNull();
    act(() => bar.setStoreOpen(true));
    expect((await screen.findByRole("heading", { name: "The shop is open again" })).id).toBe(
      "notice-title",
    );
    await userEvent.click(screen.getByRole("button", { name: "Order now" }));
    expect((await heading()).textContent).toBe("Choose your drink");
    expect(bar.orders.size).toBe(1);
  });

  it("says the customer limit is reached when the workflow rejects the order", async () => {
    const bar = new FakeCoffeeBar();
    bar.startStatus = "REJECTED";
    bar.startReason = "CUSTOMER_LIMIT";
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    expect((await heading()).textContent).toBe("You already have an order");
  });
});

describe("OrderView: ordering", () => {
  it("shows the menu with unavailable drinks and the time left", async () => {
    const bar = new FakeCoffeeBar();
    bar.config.menu = bar.config.menu.map((d) =>
      d.id === "espresso" ? { ...d, available: false } : d,
    );
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    expect((await heading()).textContent).toBe("Choose your drink");
    const espresso = screen.getByRole("radio", { name: /Espresso/ }) as HTMLInputElement;
    expect(espresso.disabled).toBe(true);
    expect(screen.getByText("unavailable")).toBeTruthy();
    // The first available drink is preselected.
    expect((screen.getByRole("radio", { name: "Americano" }) as HTMLInputElement).checked).toBe(
      true,
    );
    expect(screen.getByRole("timer", { name: "Time left to choose" }).textContent).toBe("5:00");
  });

  it("submits the choice with modifiers, then follows the order live", async () => {
    const bar = new FakeCoffeeBar();
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    await userEvent.click(await screen.findByRole("radio", { name: "Latte" }));
    await userEvent.selectOptions(screen.getByLabelText("Milk"), "oat");
    await userEvent.click(screen.getByRole("button", { name: "Order Latte" }));

    const status = await screen.findByTestId("order-status");
    expect(status.textContent).toBe("In the queue");
    expect(screen.getByTestId("order-number").textContent).toBe("1");
    const order = [...bar.orders.values()][0];
    expect(order?.modifiers).toEqual({ size: "regular", milk: "oat", shots: "no" });

    act(() => {
      bar.update(order?.orderId ?? "", { status: "ACCEPTED", baristaId: "barista" });
    });
    expect(screen.getByTestId("order-status").textContent).toBe("Being made");
    act(() => {
      bar.update(order?.orderId ?? "", { status: "READY" });
    });
    expect(screen.getByTestId("order-status").textContent).toBe("Ready for pickup");
    expect(screen.getByText("Collect it at the counter.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Cancel order" })).toBeNull();
  });

  it("cancels after confirmation and shows why it ended", async () => {
    const bar = new FakeCoffeeBar();
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    await userEvent.click(await screen.findByRole("button", { name: "Order Espresso" }));
    await userEvent.click(await screen.findByRole("button", { name: "Cancel order" }));
    // Focus lands on "No": a stray Enter does not cancel.
    expect(document.activeElement?.textContent).toBe("No");
    await userEvent.click(screen.getByRole("button", { name: "Yes, cancel my order" }));
    await waitFor(() => expect(screen.getByTestId("order-status").textContent).toBe("Cancelled"));
    expect(screen.getByTestId("order-reason").textContent).toBe("You cancelled this order.");
    // Not a dead end: the same code orders again while it is valid.
    await userEvent.click(screen.getByRole("button", { name: "Order again" }));
    expect((await heading()).textContent).toBe("Choose your drink");
    expect(bar.orders.size).toBe(2);
  });

  it("reads the drink like a coffee shop", async () => {
    const bar = new FakeCoffeeBar();
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    await userEvent.click(await screen.findByRole("radio", { name: "Latte" }));
    await userEvent.selectOptions(screen.getByLabelText("Size"), "large");
    await userEvent.selectOptions(screen.getByLabelText("Milk"), "oat");
    await userEvent.selectOptions(screen.getByLabelText("Extra shot"), "yes");
    await userEvent.click(screen.getByRole("button", { name: "Order Latte" }));
    expect((await screen.findByTestId("order-drink")).textContent).toBe(
      "Large oat latte, extra shot",
    );
  });

  it("takes a menu change live while the customer chooses", async () => {
    const bar = new FakeCoffeeBar();
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    await screen.findByRole("radio", { name: "Latte" });
    bar.config.menu = bar.config.menu.map((d) =>
      d.id === "latte" ? { ...d, available: false } : d,
    );
    act(() => bar.realtime.emit({ type: "Shop.MenuChanged" }));
    await waitFor(() =>
      expect((screen.getByRole("radio", { name: /Latte/ }) as HTMLInputElement).disabled).toBe(
        true,
      ),
    );
  });

  it("shows a customer timeout as cancelled", async () => {
    const bar = new FakeCoffeeBar();
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    await screen.findByRole("button", { name: "Order Espresso" });
    const order = [...bar.orders.values()][0];
    act(() => {
      bar.update(order?.orderId ?? "", { status: "CANCELLED", reason: "CUSTOMER_TIMEOUT" });
    });
    expect(screen.getByTestId("order-status").textContent).toBe("Cancelled");
    expect(screen.getByTestId("order-reason").textContent).toBe(
      "The time to choose a drink ran out.",
    );
  });

  it("resumes the same order after a reload instead of spending the token again", async () => {
    const bar = new FakeCoffeeBar();
    const first = renderView(<OrderView qrToken="qr-token-1" />, bar);
    await screen.findByRole("button", { name: "Order Espresso" });
    first.unmount();
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    await screen.findByRole("button", { name: "Order Espresso" });
    expect(bar.calls.filter((c) => c === "POST /api/orders")).toHaveLength(1);
    expect(bar.orders.size).toBe(1);
  });

  it("starts over when the shop no longer knows the remembered order", async () => {
    const bar = new FakeCoffeeBar();
    window.localStorage.setItem(
      "coffee.order.qr-token-1",
      JSON.stringify({ orderId: `ord_${"Z".repeat(26)}`, customerToken: "customer-gone" }),
    );
    renderView(<OrderView qrToken="qr-token-1" />, bar);
    expect(await screen.findByRole("button", { name: "Order Espresso" })).toBeTruthy();
    expect(bar.orders.size).toBe(1);
  });
});
