/** Renders a view with the fake coffee bar as its API and realtime source. */
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createApiClient } from "../api/api-client.js";
import { createLocalAuth } from "../auth/local-auth.js";
import { ServicesProvider } from "../services.js";
import { FakeCoffeeBar } from "./fake-coffee-bar.js";

export function renderView(ui: ReactElement, bar = new FakeCoffeeBar()) {
  const api = createApiClient({ baseUrl: "http://fake.test", fetch: bar.fetch });
  const services = {
    api,
    auth: createLocalAuth(api),
    realtime: bar.realtime,
    now: () => bar.nowMs,
    storage: window.localStorage,
    origin: "http://coffee.test",
  };
  const result = render(<ServicesProvider services={services}>{ui}</ServicesProvider>);
  return { ...result, bar };
}

/** Signs a staff member in the way the views remember it. */
export function signInAs(role: "barista" | "admin") {
  window.localStorage.setItem(
    "coffee.staff",
    JSON.stringify({ token: `staff-${role}`, id: role, role }),
  );
}
