import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_BODY_BYTES } from "../app.js";
import { createTestApp } from "../testing/test-app.js";

// Bad input against the shop API over real HTTP (raw fetch on 127.0.0.1, in-memory stores and
// a controlled clock): malformed JSON, wrong types, huge bodies, unknown ids, forged, expired
// and wrong-role tokens. Each gets a 4xx with `{error: {code, message}}`, never a 5xx, and the
// orders, shop, QR tokens, workflow calls and published events stay exactly as they were.
// Bodies over the API's limit (16 KiB by default) get 413 PAYLOAD_TOO_LARGE whatever they hold.

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let server: ReturnType<typeof serve>;
let base: string;
const tokens = {} as Record<
  "admin" | "barista" | "customerA" | "customerB" | "expiredBarista" | "forged" | "qr",
  string
>;
let orderA: string;
let orderB: string;

async function call(method: string, path: string, token?: string, body?: string) {
  const send = body !== undefined && method !== "GET"; // fetch cannot send a GET body
  const res = await fetch(`${base}${path}`, {
    method,
    // Spreads: an undefined header value would be sent as the text "undefined".
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(send ? { "content-type": "application/json" } : {}),
    },
    body: send ? body : undefined,
  });
  const text = await res.text();
  return { status: res.status, text };
}

beforeAll(async () => {
  t = await createTestApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const login = async (username: string) =>
    JSON.parse(
      (
        await call(
          "POST",
          "/auth/login",
          undefined,
          JSON.stringify({ username, password: `${username}-pw` }),
        )
      ).text,
    ).token as string;
  // A barista session signed 13 h ago has expired by now.
  t.clock.now -= 13 * 3600_000;
  tokens.expiredBarista = await login("barista");
  t.clock.now += 13 * 3600_000;
  tokens.admin = await login("admin");
  tokens.barista = await login("barista");
  // Same header and claims as a real one, signature of another key.
  const [head, payload] = tokens.admin.split(".");
  tokens.forged = `${head}.${payload}.${Buffer.from("not the signature").toString("base64url")}`;
  tokens.qr = JSON.parse((await call("GET", "/qr-code", tokens.barista)).text).token;
  const start = async () =>
    JSON.parse(
      (await call("POST", "/orders", undefined, JSON.stringify({ token: tokens.qr }))).text,
    );
  ({ orderId: orderA, customerToken: tokens.customerA } = await start());
  ({ orderId: orderB, customerToken: tokens.customerB } = await start());
  // Order A waits for the customer's choice, as the workflow would have set it.
  t.orders.set(orderA, {
    status: "AWAITING_ORDER",
    pendingCallback: { name: "customer-order", callbackId: "cb-a" },
  });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/**
 * One request through node:http, so the body can go chunked (no Content-Length) in pieces of
 * `chunkBytes`. A server may answer before it has read the whole body and close the upload:
 * the answer still arrives and is what counts.
 */
function send(
  method: string,
  path: string,
  token: string | undefined,
  body: string,
  chunked: boolean,
  chunkBytes = 64 * 1024,
): Promise<{ status: number; text: string }> {
  const bytes = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        // Spreads: node:http rejects an undefined header value.
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(chunked ? {} : { "content-length": bytes.length }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on("error", reject);
      },
    );
    // Writes after the server has answered and closed fail with EPIPE (on the socket, once the
    // answer has released it); the answer decides.
    req.on("error", reject);
    req.on("socket", (socket) => socket.on("error", () => {}));
    if (chunked) {
      const write = (offset: number): void => {
        if (offset >= bytes.length) {
          req.end();
          return;
        }
        if (req.destroyed) return;
        req.write(bytes.subarray(offset, offset + chunkBytes), () => write(offset + chunkBytes));
      };
      write(0);
    } else {
      req.end(bytes);
    }
  });
}

function snapshot() {
  return structuredClone({
    orders: [...t.orders.items.entries()],
    config: t.shop.config,
    menu: t.shop.menu,
    stock: t.shop.stock,
    qr: [...t.qrTokens.tokens.entries()],
    started: t.workflow.started,
    completed: t.workflow.completed,
    published: t.shopEvents.published,
  });
}

interface BadRequest {
  method: string;
  path: string;
  token?: string;
  body?: string;
  /** Over the body limit: must be 413 PAYLOAD_TOO_LARGE, whatever else is wrong or right. */
  tooLarge?: boolean;
}

const LIMIT = DEFAULT_MAX_BODY_BYTES;

/** A body of `size` bytes: `shape` (often a valid request) with a padding field. */
function padded(shape: Record<string, unknown>, size: number): string {
  const bare = JSON.stringify({ ...shape, pad: "" });
  return JSON.stringify({ ...shape, pad: "x".repeat(Math.max(0, size - bare.length)) });
}

const notJson = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
});
const wrongTyped = fc
  .oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.record(
      {
        drink: fc.oneof(fc.integer(), fc.constant(null), fc.string({ maxLength: 30 })),
        modifiers: fc.oneof(fc.string(), fc.integer(), fc.dictionary(fc.string(), fc.integer())),
        open: fc.oneof(fc.string(), fc.integer()),
        limits: fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.string())),
        stock: fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.constantFrom(-1, 1.5, "x"))),
        token: fc.oneof(fc.integer(), fc.string({ maxLength: 60 })),
        orderId: fc.oneof(fc.integer(), fc.string({ maxLength: 40 })),
        username: fc.oneof(fc.integer(), fc.string({ maxLength: 40 })),
        password: fc.oneof(fc.integer(), fc.constant(null)),
      },
      { requiredKeys: [] },
    ),
  )
  // A body that happens to be a valid choice from the menu is not bad input.
  .filter((v) => !(typeof v === "object" && v !== null && "drink" in v && v.drink === "latte"))
  .map((v) => JSON.stringify(v));
const badBody = fc.oneof(notJson, wrongTyped);
const unknownOrderId = fc.stringMatching(/^ord_[0-9A-Z]{26}$/);
const malformedOrderId = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/^ord_/.test(s));

const staffRoutes = (id: string): [string, string][] => [
  ["GET", "/qr-code"],
  ["GET", "/orders"],
  ["GET", `/orders/${id}/execution`],
  ["POST", `/orders/${id}/accept`],
  ["POST", `/orders/${id}/unaccept`],
  ["POST", `/orders/${id}/complete`],
];
const adminRoutes: [string, string][] = [
  ["PUT", "/admin/store"],
  ["PUT", "/admin/menu"],
  ["PUT", "/admin/config"],
  ["GET", "/admin/stock"],
];

// Built after beforeAll, once the sessions and orders exist.
const badRequest = (): fc.Arbitrary<BadRequest> =>
  fc.oneof(
    // No session, a garbage one, a forged signature, an expired one: every protected route.
    fc
      .tuple(
        fc.constantFrom(
          ...staffRoutes(orderA),
          ...adminRoutes,
          ["GET", "/auth/me"],
          ["GET", `/orders/${orderA}`],
          ["PUT", `/orders/${orderA}`],
          ["POST", `/orders/${orderA}/cancel`],
          ["GET", "/my-orders"],
        ),
        fc.oneof(
          fc.constant(undefined),
          fc.constantFrom(tokens.forged, tokens.expiredBarista),
          fc.string({ minLength: 1, maxLength: 80 }).map((s) => s.replace(/[^\x21-\x7e]/g, "x")),
        ),
        fc.option(badBody, { nil: undefined }),
      )
      .map(([[method, path], token, body]) => ({ method, path, token, body })),
    // The wrong role: customers on staff and admin routes, baristas on admin routes.
    fc
      .tuple(
        fc.constantFrom(...staffRoutes(orderA), ...adminRoutes),
        fc.option(badBody, { nil: undefined }),
      )
      .map(([[method, path], body]) => ({ method, path, token: tokens.customerA, body })),
    fc
      .tuple(fc.constantFrom(...adminRoutes), fc.option(wrongTyped, { nil: undefined }))
      .map(([[method, path], body]) => ({ method, path, token: tokens.barista, body })),
    // Another customer's order.
    fc
      .constantFrom<[string, string]>(
        ["GET", `/orders/${orderA}`],
        ["PUT", `/orders/${orderA}`],
        ["POST", `/orders/${orderA}/cancel`],
      )
      .map(([method, path]) => ({
        method,
        path,
        token: tokens.customerB,
        body: method === "PUT" ? JSON.stringify({ drink: "latte", modifiers: {} }) : undefined,
      })),
    fc.constantFrom("", "/cancel").map((suffix) => ({
      method: suffix ? "POST" : "GET",
      path: `/orders/${orderB}${suffix}`,
      token: tokens.customerA,
    })),
    // The owner with malformed or wrong-typed choices.
    badBody.map((body) => ({
      method: "PUT",
      path: `/orders/${orderA}`,
      token: tokens.customerA,
      body,
    })),
    // Admin with malformed settings.
    fc
      .tuple(
        fc.constantFrom("/admin/store", "/admin/menu", "/admin/config"),
        // Partial updates are valid (`{limits: {}}` changes nothing), so the bad ones are
        // malformed JSON, non-objects, and fields of the wrong type or out of range.
        fc.oneof(
          notJson,
          fc.oneof(fc.integer(), fc.string(), fc.array(fc.integer())).map((v) => JSON.stringify(v)),
          fc
            .constantFrom(
              { open: "yes" },
              { open: 1 },
              { limits: "many" },
              { limits: { drinksPerToken: -1 } },
              { limits: { tokenRotationSeconds: 1.5 } },
              { timeouts: { pickupSeconds: "soon" } },
              { stock: { milk: -5 } },
              { stock: "plenty" },
              { menu: 42 },
            )
            .map((v) => JSON.stringify(v)),
        ),
      )
      .filter(([path, body]) => !(path !== "/admin/store" && body.startsWith('{"open"')))
      .map(([path, body]) => ({ method: "PUT", path, token: tokens.admin, body })),
    // Orders that do not exist, ids that are not ids.
    fc
      .tuple(
        fc.oneof(unknownOrderId, malformedOrderId),
        fc.constantFrom("", "/accept", "/cancel", "/execution"),
      )
      .map(([id, suffix]) => ({
        method: suffix === "" || suffix === "/execution" ? "GET" : "POST",
        path: `/orders/${encodeURIComponent(id)}${suffix}`,
        token: tokens.barista,
      })),
    // Starting orders with forged QR tokens or bodies of the wrong shape.
    fc
      .oneof(
        fc.string({ maxLength: 80 }).map((token) => JSON.stringify({ token })),
        fc
          .tuple(fc.integer({ min: 1, max: 99 }), fc.base64String({ minLength: 4, maxLength: 40 }))
          .map(([n, sig]) => JSON.stringify({ token: `${n}-1.${sig}` })),
        badBody,
      )
      .map((body) => ({ method: "POST", path: "/orders", body })),
    // Bodies over the limit, well-formed or not, on every route that takes a body (and some
    // that do not), with or without a session.
    fc
      .tuple(
        fc.constantFrom<[string, string, Record<string, unknown>]>(
          ["POST", "/orders", { token: "qr" }],
          ["PUT", `/orders/${orderA}`, { drink: "latte", modifiers: {} }],
          ["POST", `/orders/${orderA}/cancel`, {}],
          ["POST", `/orders/${orderA}/accept`, {}],
          ["POST", "/auth/login", { username: "admin", password: "admin-pw" }],
          ["PUT", "/admin/store", { open: false }],
          ["PUT", "/admin/menu", { stock: { milk: 1 } }],
          ["PUT", "/admin/config", { limits: { drinksPerToken: 1 } }],
          ["POST", "/no-such-route", {}],
        ),
        fc.integer({ min: LIMIT + 1, max: 4 * LIMIT }),
        fc.constantFrom(undefined, "customerA", "barista", "admin", "qr"),
        fc.boolean(),
      )
      .map(([[method, path, shape], size, who, wellFormed]) => {
        const body = padded(who === "qr" ? { ...shape, token: tokens.qr } : shape, size);
        return {
          method,
          path,
          token: who && who !== "qr" ? tokens[who] : undefined,
          body: wellFormed ? body : body.slice(0, -1),
          tooLarge: true,
        };
      }),
    // Sign-ins with the wrong password or wrong types.
    fc
      .oneof(
        fc
          .string({ maxLength: 40 })
          .map((password) => JSON.stringify({ username: "admin", password: `${password}!` })),
        badBody,
      )
      .map((body) => ({ method: "POST", path: "/auth/login", body })),
  );

describe("the shop API under bad input", () => {
  it("answers every bad request with a 4xx and a coded message, and changes nothing", async () => {
    const before = snapshot();
    await fc.assert(
      fc.asyncProperty(badRequest(), async (req) => {
        const res = await call(req.method, req.path, req.token, req.body);
        const what = `${req.method} ${req.path} ${(req.body ?? "").slice(0, 200)} -> ${res.status} ${res.text}`;
        expect(res.status, what.slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(res.status, what.slice(0, 300)).toBeLessThan(500);
        const body = JSON.parse(res.text) as { error: { code: string; message: string } };
        if (req.tooLarge) {
          expect(res.status).toBe(413);
          expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
        }
        expect(body.error.code, what.slice(0, 300)).toMatch(/^[A-Z_]+$/);
        expect(body.error.message.length, what.slice(0, 300)).toBeGreaterThan(5);
        expect(res.text).not.toMatch(/\n\s+at /); // never a stack trace
      }),
      { numRuns: 200, seed: 8 },
    );
    expect(snapshot()).toEqual(before);
  });

  // Well-formed requests that would succeed but for their size: 8 MB announced by
  // Content-Length (refused unread), and the same sent chunked with no length at all (refused
  // once the stream passes the limit).
  it("refuses bodies over the limit with 413, by length or chunked, and changes nothing", async () => {
    const before = snapshot();
    const huge = (shape: Record<string, unknown>) => padded(shape, 8 * 1024 * 1024);
    const cases: [string, string, string | undefined, string][] = [
      ["PUT", `/orders/${orderA}`, tokens.customerA, huge({ drink: "latte", modifiers: {} })],
      ["POST", "/orders", undefined, huge({ token: tokens.qr })],
      ["PUT", "/admin/store", tokens.admin, huge({ open: false })],
      ["PUT", "/admin/menu", tokens.admin, huge({ stock: { milk: 1 } })],
      ["POST", "/auth/login", undefined, huge({ username: "admin", password: "admin-pw" })],
      ["POST", `/orders/${orderA}/cancel`, tokens.customerA, huge({})],
    ];
    for (const [method, path, token, body] of cases) {
      for (const chunked of [false, true]) {
        const res = await send(method, path, token, body, chunked);
        const what = `${method} ${path} chunked=${chunked}: ${res.status} ${res.text.slice(0, 200)}`;
        expect(res.status, what).toBe(413);
        expect(JSON.parse(res.text), what).toEqual({
          error: {
            code: "PAYLOAD_TOO_LARGE",
            message: `request body is larger than ${LIMIT} bytes`,
          },
        });
      }
    }
    // Just over the limit, chunked in small pieces: still refused.
    const small = await send(
      "POST",
      "/orders",
      undefined,
      padded({ token: tokens.qr }, LIMIT + 1),
      true,
      1000,
    );
    expect(small.status).toBe(413);
    expect(snapshot()).toEqual(before);
    // The same requests at a normal size go through (here: the shop closes and opens again).
    for (const open of [false, true]) {
      const res = await send(
        "PUT",
        "/admin/store",
        tokens.admin,
        padded({ open }, LIMIT - 100),
        true,
      );
      expect(res.status, res.text).toBe(200);
    }
  });

  it("still takes the owner's real choice afterwards", async () => {
    const res = await call(
      "PUT",
      `/orders/${orderA}`,
      tokens.customerA,
      JSON.stringify({ drink: "latte", modifiers: {} }),
    );
    expect(res.status, res.text).toBe(202);
    expect(t.workflow.completed).toHaveLength(1);
  });
});
