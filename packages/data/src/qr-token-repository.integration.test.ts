import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QrTokenRepository } from "./qr-token-repository.js";
import { createTables } from "./tables.js";

// dynalite ships no types; it returns a plain node http.Server.
const dynalite = createRequire(import.meta.url)("dynalite") as (options: object) => Server;
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
let client: DynamoDBClient;
let tokens: QrTokenRepository;
const policy = { rotationSeconds: 300, drinksPerToken: 3, graceSeconds: 60 };
const T0 = Date.parse("2026-01-01T00:00:00Z");

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  await createTables(client, { orders: "orders", shop: "shop" });
  const doc = DynamoDBDocumentClient.from(client);
  tokens = new QrTokenRepository({ client: doc, tableName: "shop" });
});

afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe("QrTokenRepository", () => {
  it("issues one token per period, the same to concurrent callers", async () => {
    const seen = await Promise.all([1, 2, 3, 4].map(() => tokens.current(T0 + 1000, policy)));
    expect(new Set(seen.map((t) => t.token)).size).toBe(1);
    expect(seen[0]).toMatchObject({ drinks: 3, used: 0, rotatesAt: T0 + 300_000 });
    const later = await tokens.current(T0 + 299_000, policy);
    expect(later.token).toBe(seen[0]!.token);
    const next = await tokens.current(T0 + 300_000, policy);
    expect(next.token).not.toBe(seen[0]!.token);
  });

  it("allows exactly N drinks, even when redeemed concurrently", async () => {
    const { token } = await tokens.current(T0 + 600_000, policy);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() => tokens.redeem(token, T0 + 600_001)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, reason: "exhausted" },
      { ok: false, reason: "exhausted" },
    ]);
  });

  it("refuses forged and expired tokens", async () => {
    const { token, expiresAt } = await tokens.current(T0 + 900_000, policy);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(await tokens.redeem(forged, T0 + 900_001)).toEqual({ ok: false, reason: "invalid" });
    expect(await tokens.redeem("nonsense", T0)).toEqual({ ok: false, reason: "invalid" });
    expect(await tokens.redeem(token, expiresAt - 1)).toMatchObject({ ok: true, remaining: 2 });
    expect(await tokens.redeem(token, expiresAt)).toEqual({ ok: false, reason: "expired" });
  });

  it("replaces a used-up token early, once for concurrent displays, in the same period", async () => {
    const at = T0 + 1_200_000;
    const first = await tokens.current(at, policy);
    for (let i = 0; i < 3; i++) expect((await tokens.redeem(first.token, at)).ok).toBe(true);
    const seen = await Promise.all([1, 2, 3].map(() => tokens.current(at + 1000, policy)));
    expect(new Set(seen.map((t) => t.token)).size).toBe(1);
    const fresh = seen[0]!;
    expect(fresh.token).not.toBe(first.token);
    expect(fresh).toMatchObject({
      drinks: 3,
      used: 0,
      rotatesAt: first.rotatesAt,
      expiresAt: first.expiresAt,
    });
    // A late scan of the used-up code says so; the fresh one serves the next customer.
    expect(await tokens.redeem(first.token, at + 2000)).toEqual({
      ok: false,
      reason: "exhausted",
    });
    expect(await tokens.redeem(fresh.token, at + 2000)).toEqual({ ok: true, remaining: 2 });
    // The display keeps showing the fresh code while it has drinks left.
    expect((await tokens.current(at + 3000, policy)).token).toBe(fresh.token);
  });
});
