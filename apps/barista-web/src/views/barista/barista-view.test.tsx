import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeCoffeeBar } from "../../testing/fake-coffee-bar.js";
import { renderView, signInAs } from "../../testing/render-view.js";
import { BaristaView } from "./barista-view.js";

const column = (name: RegExp) => screen.getByRole("region", { name });

function shopWithOrders() {
  const bar = new FakeCoffeeBar();
  const queued = bar.addOrder({
    status: "QUEUED",
    orderNumber: 5,
    drink: "latte",
    drinkName: "Latte",
  });
  const other = bar.addOrder({
    status: "ACCEPTED",
    orderNumber: 3,
    drinkName: "Espresso",
    baristaId: "sam",
  });
  const ready = bar.addOrder({ status: "READY", orderNumber: 2, drinkName: "Americano" });
  bar.nowMs += 3 * 60_000;
  return { bar, queued, other, ready };
}

describe("BaristaView", () => {
  it("says when the password is wrong, then signs in", async () => {
    renderView(<BaristaView />);
    await userEvent.type(screen.getByLabelText("User name"), "barista");
    await userEvent.type(screen.getByLabelText("Password"), "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toBe("wrong user name or password");
    await userEvent.clear(screen.getByLabelText("Password"));
    await userEvent.type(screen.getByLabelText("Password"), "barista-pw");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { name: "Barista console" })).toBeTruthy();
  });

  it("shows queue, production and ready with ages and others' claims", async () => {
    signInAs("barista");
    const { bar } = shopWithOrders();
    renderView(<BaristaView />, bar);
    await waitFor(() => expect(within(column(/Queue/)).queryByText("#5")).toBeTruthy());
    expect(within(column(/Queue/)).getByText("3 min old")).toBeTruthy();
    expect(within(column(/In production/)).getByText("Taken by sam")).toBeTruthy();
    expect(within(column(/In production/)).queryByRole("button")).toBeNull();
    expect(within(column(/Ready/)).getByText("#2")).toBeTruthy();
  });

  it("accepts and completes in one press each", async () => {
    signInAs("barista");
    const { bar, queued } = shopWithOrders();
    renderView(<BaristaView />, bar);
    await userEvent.click(await screen.findByRole("button", { name: "Accept order 5" }));
    await waitFor(() => expect(within(column(/In production/)).queryByText("Yours")).toBeTruthy());
    expect(bar.orders.get(queued.orderId)?.baristaId).toBe("barista");
    await userEvent.click(screen.getByRole("button", { name: "Complete order 5" }));
    await waitFor(() => expect(within(column(/Ready/)).queryByText("#5")).toBeTruthy());
    expect(bar.orders.get(queued.orderId)?.status).toBe("READY");
  });

  it("cancels only after confirmation", async () => {
    signInAs("barista");
    const { bar, queued } = shopWithOrders();
    renderView(<BaristaView />, bar);
    const ticket = await screen.findByRole("article", { name: /#5/ });
    await userEvent.click(within(ticket).getByRole("button", { name: "Cancel" }));
    expect(bar.orders.get(queued.orderId)?.status).toBe("QUEUED");
    await userEvent.click(within(ticket).getByRole("button", { name: "No" }));
    expect(bar.orders.get(queued.orderId)?.status).toBe("QUEUED");
    await userEvent.click(within(ticket).getByRole("button", { name: "Cancel" }));
    await userEvent.click(within(ticket).getByRole("button", { name: "Yes, cancel #5" }));
    await waitFor(() => expect(within(column(/Queue/)).queryByText("#5")).toBeNull());
    expect(bar.orders.get(queued.orderId)).toMatchObject({
      status: "CANCELLED",
      reason: "BARISTA_CANCELLED",
    });
  });

  it("sees another barista's claim live and explains a lost race", async () => {
    signInAs("barista");
    const { bar, queued } = shopWithOrders();
    const late = bar.addOrder({ status: "QUEUED", orderNumber: 6, drinkName: "Latte" });
    renderView(<BaristaView />, bar);
    await screen.findByRole("button", { name: "Accept order 5" });
    act(() => {
      bar.update(queued.orderId, { status: "ACCEPTED", baristaId: "sam" });
    });
    expect(screen.queryByRole("button", { name: "Accept order 5" })).toBeNull();
    expect(within(column(/In production/)).getAllByText("Taken by sam")).toHaveLength(2);

    // Taken meanwhile without the event reaching us yet: the API answers 409.
    bar.orders.set(late.orderId, { ...late, status: "ACCEPTED", baristaId: "sam" });
    await userEvent.click(screen.getByRole("button", { name: "Accept order 6" }));
    expect((await screen.findByText(/changed meanwhile/)).textContent).toBe(
      "Order 6 changed meanwhile (now accepted).",
    );
  });

  it("works from the keyboard", async () => {
    signInAs("barista");
    const { bar, queued } = shopWithOrders();
    bar.addOrder({ status: "QUEUED", orderNumber: 6, drinkName: "Mocha" });
    renderView(<BaristaView />, bar);
    const accept = await screen.findByRole("button", { name: "Accept order 5" });
    accept.focus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(bar.orders.get(queued.orderId)?.status).toBe("ACCEPTED"));
    // The keyboard stays in the queue, on the next ticket's first button, not on the heading.
    const next = await screen.findByRole("button", { name: "Accept order 6" });
    await waitFor(() => expect(document.activeElement).toBe(next));
  });

  it("lets an admin close and open the shop; a barista only sees the state", async () => {
    signInAs("admin");
    const bar = new FakeCoffeeBar();
    renderView(<BaristaView />, bar);
    await userEvent.click(await screen.findByRole("button", { name: "Close shop" }));
    await waitFor(() => expect(screen.getByTestId("store-status").textContent).toBe("Shop closed"));
    expect(bar.config.storeOpen).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    signInAs("barista");
    renderView(<BaristaView />, bar);
    await waitFor(() =>
      expect(screen.getAllByTestId("store-status").at(-1)?.textContent).toBe("Shop closed"),
    );
    expect(screen.queryByRole("button", { name: /Open shop/ })).toBeNull();
  });

  it("announces a new order, but not those already waiting nor one put back", async () => {
    signInAs("barista");
    const { bar, other } = shopWithOrders();
    renderView(<BaristaView />, bar);
    await screen.findByRole("button", { name: "Accept order 5" });
    const cue = screen.getByTestId("new-order-cue");
    expect(cue.textContent).toBe("");
    const arriving = bar.addOrder({ status: "AWAITING_ORDER" });
    act(() => {
      bar.update(arriving.orderId, {
        status: "QUEUED",
        orderNumber: 8,
        drink: "latte",
        drinkName: "Latte",
        modifiers: { size: "large", milk: "oat", shots: "yes" },
      });
    });
    await waitFor(() => expect(cue.textContent).toBe("New order #8: Large oat latte, extra shot"));
    const ticket = screen.getByRole("article", { name: /#8/ });
    expect(within(ticket).getByText("new")).toBeTruthy();
    expect(within(screen.getByRole("article", { name: /#5/ })).queryByText("new")).toBeNull();
    act(() => {
      bar.update(other.orderId, { status: "QUEUED", baristaId: undefined, unaccepts: 1 });
    });
    expect(cue.textContent).toBe("New order #8: Large oat latte, extra shot");
    expect(within(screen.getByRole("article", { name: /#3/ })).queryByText("new")).toBeNull();
  });

  it("shows each ticket's time left before its timeout", async () => {
    signInAs("barista");
    const { bar } = shopWithOrders();
    renderView(<BaristaView />, bar);
    // Queued 3 minutes ago; a barista has 15 minutes to accept it.
    const ticket = await screen.findByRole("article", { name: /#5/ });
    await waitFor(() =>
      expect(within(ticket).getByTestId("time-left").textContent).toBe("12:00 left"),
    );
    // Ready orders wait for pickup: no timeout cancels them.
    expect(
      within(screen.getByRole("article", { name: /#2/ })).queryByTestId("time-left"),
    ).toBeNull();
  });

  it("warns in the ticket before the unaccept that cancels, one question at a time", async () => {
    signInAs("barista");
    const { bar } = shopWithOrders();
    const bounced = bar.addOrder({
      status: "ACCEPTED",
      orderNumber: 9,
      drinkName: "Latte",
      baristaId: "barista",
      unaccepts: 3,
    });
    renderView(<BaristaView />, bar);
    const ticket = await screen.findByRole("article", { name: /#9/ });
    await userEvent.click(within(ticket).getByRole("button", { name: "Unaccept" }));
    expect(within(ticket).getByRole("alert").textContent).toBe(
      "It cannot go back to the queue again (put back 3 of 3 times): unaccepting cancels the customer's order.",
    );
    // The question takes the action row: nothing else of the ticket is covered or pressable.
    expect(within(ticket).queryByRole("button", { name: "Complete order 9" })).toBeNull();
    expect(within(ticket).queryByRole("button", { name: "Cancel" })).toBeNull();
    // Asking on another ticket closes this question.
    const queued = screen.getByRole("article", { name: /#5/ });
    await userEvent.click(within(queued).getByRole("button", { name: "Cancel" }));
    expect(within(ticket).queryByRole("button", { name: "Yes, cancel #9" })).toBeNull();
    expect(within(ticket).getByRole("button", { name: "Unaccept" })).toBeTruthy();
    await userEvent.click(within(queued).getByRole("button", { name: "No" }));
    await userEvent.click(within(ticket).getByRole("button", { name: "Unaccept" }));
    await userEvent.click(within(ticket).getByRole("button", { name: "Yes, cancel #9" }));
    await waitFor(() => expect(bar.orders.get(bounced.orderId)?.status).toBe("QUEUED"));
  });

  it("asks a plain question for an unaccept that puts the order back", async () => {
    signInAs("barista");
    const bar = new FakeCoffeeBar();
    bar.addOrder({ status: "ACCEPTED", orderNumber: 4, drinkName: "Latte", baristaId: "barista" });
    renderView(<BaristaView />, bar);
    const ticket = await screen.findByRole("article", { name: /#4/ });
    await userEvent.click(within(ticket).getByRole("button", { name: "Unaccept" }));
    expect(within(ticket).queryByRole("alert")).toBeNull();
    expect(within(ticket).getByRole("button", { name: "Yes, put #4 back" })).toBeTruthy();
  });
});
