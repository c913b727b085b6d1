import { hc } from "hono/client";
import { describe, expect, it } from "vitest";
import type { AppType } from "./app-type.js";
import { createTestApp } from "./testing/test-app.js";

describe("AppType", () => {
  it("gives the web app a typed client for the routes", async () => {
    const t = await createTestApp();
    const client = hc<AppType>("http://localhost", {
      fetch: (input: string | URL | Request, init?: RequestInit) => t.app.request(input, init),
    });
    const login = await client.api.auth.login.$post({
      json: { username: "barista", password: "barista-pw" },
    });
    const { token } = await login.json();
    const qr = await client.api["qr-code"].$get(undefined, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(qr.status).toBe(200);
    const config = await client.api.config.$get();
    // Typed: `menu` is known to the compiler, not just at runtime.
    expect((await config.json()).menu.length).toBeGreaterThan(0);
  });
});
