import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "../api/api-client.js";
import type { StaffAuth } from "../auth/staff-auth.js";
import { ServicesProvider } from "../services.js";
import { FakeCoffeeBar } from "../testing/fake-coffee-bar.js";
import { SignInForm } from "./sign-in-form.js";

describe("SignInForm", () => {
  it("asks for a new password when the account must choose one, then signs in", async () => {
    const bar = new FakeCoffeeBar();
    const complete = vi.fn(async (password: string) => ({
      token: `t-${password}`,
      id: "bo",
      role: "barista" as const,
    }));
    const auth: StaffAuth = { signIn: async () => ({ kind: "new-password-required", complete }) };
    const onSignedIn = vi.fn();
    render(
      <ServicesProvider
        services={{
          api: createApiClient({ fetch: bar.fetch }),
          auth,
          realtime: bar.realtime,
          now: () => bar.nowMs,
          storage: window.localStorage,
          origin: "http://coffee.test",
        }}
      >
        <SignInForm title="Sign in" roles={["barista"]} onSignedIn={onSignedIn} />
      </ServicesProvider>,
    );
    await userEvent.type(screen.getByLabelText("User name"), "bo");
    await userEvent.type(screen.getByLabelText("Password"), "temporary");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const fresh = await screen.findByLabelText("New password (first sign-in)");
    expect(document.activeElement).toBe(fresh);
    await userEvent.type(fresh, "n3w");
    await userEvent.click(screen.getByRole("button", { name: "Set password and sign in" }));
    expect(complete).toHaveBeenCalledWith("n3w");
    expect(onSignedIn).toHaveBeenCalledWith({ token: "t-n3w", id: "bo", role: "barista" });
  });
});
