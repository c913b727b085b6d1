import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeCoffeeBar } from "../../testing/fake-coffee-bar.js";
import { renderView, signInAs } from "../../testing/render-view.js";
import { DisplayView } from "./display-view.js";

const list = (name: string) => screen.getByRole("list", { name });

describe("DisplayView", () => {
  it("asks staff to sign in first, then shows the code", async () => {
    renderView(<DisplayView />);
    await userEvent.type(screen.getByLabelText("User name"), "barista");
    await userEvent.type(screen.getByLabelText("Password"), "barista-pw");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("img", { name: /QR code/ })).toBeTruthy();
  });

  it("shows the QR code for the current token, drinks left and the countdown", async () => {
    signInAs("barista");
    const bar = new FakeCoffeeBar();
    bar.qr.remaining = 7;
    renderView(<DisplayView />, bar);
    const qr = await screen.findByRole("img", { name: /QR code/ });
    expect(qr.getAttribute("data-qr-text")).toBe("http://coffee.test/order?token=qr-token-1");
    expect(screen.getByTestId("drinks-left").textContent).toBe("7 drinks left");
    expect(screen.getByTestId("qr-countdown").textContent).toBe("New code in 5:00");
  });

  it("lists orders being made and ready by number, and moves them live", async () => {
    signInAs("barista");
    const bar = new FakeCoffeeBar();
    const a = bar.addOrder({ status: "ACCEPTED", orderNumber: 12 });
    bar.addOrder({ status: "READY", orderNumber: 9 });
    bar.addOrder({ status: "QUEUED", orderNumber: 13 });
    renderView(<DisplayView />, bar);
    await waitFor(() => expect(within(list("Orders being made")).queryByText("12")).toBeTruthy());
    expect(within(list("Orders ready for pickup")).getByText("9")).toBeTruthy();
    expect(screen.getByTestId("queued-count").textContent).toBe("1");

    act(() => {
      bar.update(a.orderId, { status: "READY" });
    });
    expect(within(list("Orders being made")).queryByText("12")).toBeNull();
    expect(within(list("Orders ready for pickup")).getByText("12")).toBeTruthy();

    act(() => {
      bar.update(a.orderId, { status: "COMPLETED" });
    });
    expect(within(list("Orders ready for pickup")).queryByText("12")).toBeNull();
  });

  it("recovers by itself when the API comes back", async () => {
    signInAs("barista");
    const bar = new FakeCoffeeBar();
    bar.down = true;
    bar.addOrder({ status: "READY", orderNumber: 4 });
    renderView(<DisplayView retryMs={20} />, bar);
    expect(await screen.findByText(/Cannot reach the coffee bar/)).toBeTruthy();
    bar.down = false;
    expect(await screen.findByRole("img", { name: /QR code/ })).toBeTruthy();
    await waitFor(() =>
      expect(within(list("Orders ready for pickup")).queryByText("4")).toBeTruthy(),
    );
    expect(screen.queryByText(/Cannot reach the coffee bar/)).toBeNull();
  });

  it("reloads everything when the live stream reconnects", async () => {
    signInAs("barista");
    const bar = new FakeCoffeeBar();
    renderView(<DisplayView />, bar);
    await screen.findByRole("img", { name: /QR code/ });
    // Changed while the stream was away: no event, only the reconnect.
    bar.addOrder({ status: "READY", orderNumber: 21 });
    act(() => bar.realtime.setStatus("live"));
    await waitFor(() =>
      expect(within(list("Orders ready for pickup")).queryByText("21")).toBeTruthy(),
    );
    expect(screen.getByRole("status").textContent).toBe("Live");
  });

  it("says the shop is closed and shows no code; reopening brings the code back live", async () => {
    signInAs("barista");
    const bar = new FakeCoffeeBar();
    bar.config.storeOpen = false;
    renderView(<DisplayView />, bar);
    await waitFor(() =>
      expect(screen.getByTestId("display-title").textContent).toBe("The shop is closed"),
    );
    expect(screen.queryByRole("img", { name: /QR code/ })).toBeNull();
    expect(screen.getByTestId("drinks-left").textContent).toBe("\u00a0");
    act(() => bar.setStoreOpen(true));
    expect(await screen.findByRole("img", { name: /QR code/ })).toBeTruthy();
    expect(screen.getByTestId("display-title").textContent).toBe("Scan to order");
    act(() => bar.setStoreOpen(false));
    await waitFor(() => expect(screen.queryByRole("img", { name: /QR code/ })).toBeNull());
  });

  it("shows the fresh code once the current one is used up", async () => {
    signInAs("barista");
    const bar = new FakeCoffeeBar();
    bar.qr.remaining = 1;
    renderView(<DisplayView />, bar);
    await screen.findByText("1 drink left");
    // The last drink is ordered; the API now answers a fresh code (used-up ones are replaced).
    bar.qr = { ...bar.qr, token: "qr-token-2", remaining: 10 };
    const order = bar.addOrder({ status: "AWAITING_ORDER" });
    act(() => bar.realtime.emit({ type: "Order.AwaitingOrder", orderId: order.orderId, order }));
    const qr = await screen.findByRole("img", { name: /QR code/ });
    await waitFor(() =>
      expect(qr.getAttribute("data-qr-text")).toBe("http://coffee.test/order?token=qr-token-2"),
    );
    expect(screen.getByTestId("drinks-left").textContent).toBe("10 drinks left");
  });
});
