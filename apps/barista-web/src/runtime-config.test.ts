import { describe, expect, it } from "vitest";
import { loadRuntimeConfig } from "./runtime-config.js";

const answer =
  (status: number, body: unknown): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { status });

describe("loadRuntimeConfig", () => {
  it("defaults to server-sent events without a config.json", async () => {
    expect(await loadRuntimeConfig(answer(404, {}))).toEqual({
      realtime: { kind: "sse" },
      auth: { kind: "local" },
    });
    const offline: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    expect(await loadRuntimeConfig(offline)).toEqual({
      realtime: { kind: "sse" },
      auth: { kind: "local" },
    });
  });

  it("reads the AWS deployment's AppSync Events settings", async () => {
    const realtime = {
      kind: "appsync-events",
      httpDomain: "h",
      realtimeDomain: "r",
      apiKey: "k",
      channels: { orders: "/coffee/orders", shop: "/coffee/shop" },
    };
    const auth = { kind: "cognito", region: "eu-west-1", userPoolId: "eu-west-1_x", clientId: "c" };
    const config = await loadRuntimeConfig(answer(200, { apiBaseUrl: "/api", realtime, auth }));
    expect(config.realtime).toEqual(realtime);
    expect(config.auth).toEqual(auth);
  });

  it("ignores a config.json of the wrong shape", async () => {
    const config = await loadRuntimeConfig(answer(200, { realtime: { kind: "carrier-pigeon" } }));
    expect(config).toEqual({ realtime: { kind: "sse" }, auth: { kind: "local" } });
  });
});
