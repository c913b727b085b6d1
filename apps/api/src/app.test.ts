import { orderTerms } from "@coffee/shared";
import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.js";
import { createTestApp } from "./testing/test-app.js";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function login(t: TestApp, username: string) {
  const res = await t.app.request(
    "/api/auth/login",
    json({ username, password: `${username}-pw` }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function qrToken(t: TestApp) {
  const res = await t.app.request("/api/qr-code", { headers: bearer(await login(t, "barista")) });
  return ((await res.json()) as { token: string }).token;
}

async function startOrder(t: TestApp, headers: Record<string, string> = {}) {
  const res = await t.app.request("/api/orders", json({ token: await qrToken(t) }, headers));
  expect(res.status).toBe(202);
  return (await res.json()) as { orderId: string; customerToken: string };
}

describe("config and errors", () => {
  it("answers the public config without a session", async () => {
    const t = await createTestApp();
    const res = await t.app.request("/api/config");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { storeOpen: boolean; menu: { id: string }[] };
    expect(body.storeOpen).toBe(true);
    expect(body.menu.map((d) => d.id)).toContain("latte");
  });

  it("answers unknown routes and malformed JSON with JSON errors and no stack", async () => {
    const t = await createTestApp();
    const missing = await t.app.request("/api/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    const malformed = await t.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("names the field and the reason on a validation failure", async () => {
    const t = await createTestApp();
    const res = await t.app.request("/api/auth/login", json({ username: "admin" }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("body.password");
  });

  it("sets security headers and allows CORS for the web origin only", async () => {
    const t = await createTestApp();
    const ok = await t.app.request("/api/config", { headers: { origin: "http://localhost:5173" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    expect(ok.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const evil = await t.app.request("/api/config", {
      headers: { origin: "https://evil.example" },
    });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("request bodies", () => {
  it("refuses a body over the limit with 413 before reading it, and changes nothing", async () => {
    const t = await createTestApp({ maxBodyBytes: 2048 });
    const token = await qrToken(t);
    const padded = (size: number) => json({ token, pad: "x".repeat(size) });
    const tooBig = await t.app.request("/api/orders", padded(2100));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: "request body is larger than 2048 bytes" },
    });
    expect(t.orders.items.size).toBe(0);
    expect(t.workflow.started).toEqual([]);
    // Just under the limit is an ordinary request (unknown fields are dropped by validation).
    const fits = await t.app.request("/api/orders", padded(1900));
    expect(fits.status).toBe(202);
    expect(t.orders.items.size).toBe(1);
  });
});

describe("staff sign-in and roles", () => {
  it("signs in seeded staff and refuses wrong passwords", async () => {
    const t = await createTestApp();
    const token = await login(t, "admin");
    const me = await t.app.request("/api/auth/me", { headers: bearer(token) });
    expect(await me.json()).toEqual({ id: "admin", role: "admin" });
    const wrong = await t.app.request(
      "/api/auth/login",
      json({ username: "admin", password: "x" }),
    );
    expect(wrong.status).toBe(401);
    const nobody = await t.app.request("/api/auth/login", json({ username: "eve", password: "x" }));
    expect(nobody.status).toBe(401);
  });

  it("ends a staff member's sessions when their password changes", async () => {
    const t = await createTestApp();
    const before = await login(t, "barista");
    const account = t.staffAccounts.accounts.get("barista")!;
    t.staffAccounts.accounts.set("barista", { ...account, credentialVersion: 2 });
    // Versions are looked up at most every 10 s per process; the change is seen after that.
    t.clock.now += 10_000;
    const ended = await t.app.request("/api/orders", { headers: bearer(before) });
    expect(ended.status).toBe(401);
    expect(await ended.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    const after = await login(t, "barista");
    expect((await t.app.request("/api/orders", { headers: bearer(after) })).status).toBe(200);
  });

  it("answers 401 without a session, 401 for a forged one, 403 for the wrong role", async () => {
    const t = await createTestApp();
    expect((await t.app.request("/api/qr-code")).status).toBe(401);
    const forged = await t.app.request("/api/qr-code", { headers: bearer("a.b.c") });
    expect(forged.status).toBe(401);
    const { customerToken } = await startOrder(t);
    const asCustomer = await t.app.request("/api/qr-code", { headers: bearer(customerToken) });
    expect(asCustomer.status).toBe(403);
    const barista = await login(t, "barista");
    const closeShop = await t.app.request("/api/admin/store", {
      method: "PUT",
      headers: { "content-type": "application/json", ...bearer(barista) },
      body: JSON.stringify({ open: false }),
    });
    expect(closeShop.status).toBe(403);
  });

  it("lets an admin close the shop and publishes the change", async () => {
    const t = await createTestApp();
    const admin = await login(t, "admin");
    const res = await t.app.request("/api/admin/store", {
      method: "PUT",
      headers: { "content-type": "application/json", ...bearer(admin) },
      body: JSON.stringify({ open: false }),
    });
    expect(res.status).toBe(200);
    expect(t.shop.config.storeOpen).toBe(false);
    expect(t.shopEvents.published).toEqual([
      { detailType: "Shop.StoreStatusChanged", detail: { storeOpen: false } },
    ]);
  });

  it("answers a failed write with 503 and the cause when the storage is full, and 4xx as before", async () => {
    let full = true;
    const t = await createTestApp({
      // The disk looked fine before the write (as when a store fills it), not after.
      storageFault: async (when) =>
        full && when === "after-failure"
          ? { code: "STORAGE_FULL", message: "the data directory /d is full (ENOSPC)" }
          : undefined,
    });
    const admin = await login(t, "admin");
    t.shop.setStoreOpen = async () => {
      throw new Error("IO error: /d/dynamodb/000003.log: No space left on device");
    };
    const close = () =>
      t.app.request("/api/admin/store", {
        method: "PUT",
        headers: { "content-type": "application/json", ...bearer(admin) },
        body: JSON.stringify({ open: false }),
      });
    const refused = await close();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({
      error: { code: "STORAGE_FULL", message: "the data directory /d is full (ENOSPC)" },
    });
    // The caller's own mistakes are still theirs, and reads still work.
    expect((await t.app.request("/api/orders/nope", { headers: bearer(admin) })).status).toBe(400);
    expect((await t.app.request("/api/config")).status).toBe(200);
    // With space again, an unexplained failure is the internal error it always was.
    full = false;
    expect((await close()).status).toBe(500);
  });

  it("refuses writes with 503 before any store is asked while the storage is full; reads and sign-ins go through", async () => {
    const asked: string[] = [];
    let full = true;
    const t = await createTestApp({
      storageFault: async (when) => {
        asked.push(when);
        return full
          ? { code: "STORAGE_FULL", message: "the data directory /d is full (ENOSPC)" }
          : undefined;
      },
    });
    const admin = await login(t, "admin");
    let writes = 0;
    const setStoreOpen = t.shop.setStoreOpen.bind(t.shop);
    t.shop.setStoreOpen = async (open) => {
      writes += 1;
      await setStoreOpen(open);
    };
    const close = () =>
      t.app.request("/api/admin/store", {
        method: "PUT",
        headers: { "content-type": "application/json", ...bearer(admin) },
        body: JSON.stringify({ open: false }),
      });
    const refused = await close();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({
      error: { code: "STORAGE_FULL", message: "the data directory /d is full (ENOSPC)" },
    });
    expect(writes).toBe(0);
    expect(asked).toEqual(["before-write"]);
    // A sign-in stores nothing, and reads need no room.
    expect(await login(t, "barista")).toEqual(expect.any(String));
    expect((await t.app.request("/api/config")).status).toBe(200);
    full = false;
    expect((await close()).status).toBe(200);
    expect(writes).toBe(1);
  });

  it("expires sessions", async () => {
    const t = await createTestApp();
    const token = await login(t, "barista");
    t.clock.now += 13 * 3600_000;
    expect((await t.app.request("/api/qr-code", { headers: bearer(token) })).status).toBe(401);
  });
});

describe("orders", () => {
  it("starts an order from a QR token, with a customer session and a cookie", async () => {
    const t = await createTestApp();
    const res = await t.app.request("/api/orders", json({ token: await qrToken(t) }));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { orderId: string; customerToken: string };
    expect(body.orderId).toMatch(/^ord_/);
    expect(res.headers.get("set-cookie")).toContain("coffee_session=");
    expect(res.headers.get("set-cookie")).toContain("HttpOnly");
    // The stored order's input: its id, customer, creation time and the terms it runs under.
    expect(t.workflow.started).toEqual([
      {
        orderId: body.orderId,
        customerId: expect.stringMatching(/^cus_/),
        createdAt: new Date(t.clock.now).toISOString(),
        terms: orderTerms(t.shop.config),
      },
    ]);
    const order = await t.app.request(`/api/orders/${body.orderId}`, {
      headers: bearer(body.customerToken),
    });
    expect(await order.json()).toMatchObject({ orderId: body.orderId, status: "PENDING" });
  });

  it("refuses a start when the shop is closed or the queue full, spending no drink", async () => {
    const t = await createTestApp();
    const token = await qrToken(t);
    const used = async () =>
      (await t.qrTokens.current(t.clock.now, { rotationSeconds: 300, drinksPerToken: 10 })).used;
    t.shop.config.storeOpen = false;
    const closed = await t.app.request("/api/orders", json({ token }));
    expect(closed.status).toBe(409);
    expect(await closed.json()).toMatchObject({ error: { code: "STORE_CLOSED" } });
    t.shop.config.storeOpen = true;
    t.shop.config.limits.maxOrdersInQueue = 1;
    expect((await t.app.request("/api/orders", json({ token }))).status).toBe(202);
    const full = await t.app.request("/api/orders", json({ token }));
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({ error: { code: "QUEUE_FULL" } });
    expect(await used()).toBe(1);
    expect(t.workflow.started).toHaveLength(1);
  });

  it("gives a customer's second start their open order: the same one while they choose, else 409", async () => {
    const t = await createTestApp();
    const token = await qrToken(t);
    const first = await t.app.request("/api/orders", json({ token }));
    const { orderId, customerToken } = (await first.json()) as {
      orderId: string;
      customerToken: string;
    };
    // A double tap: the order still waits for the customer's choice, so it is the answer.
    const again = await t.app.request("/api/orders", json({ token }, bearer(customerToken)));
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ orderId });
    // Past the choice, the customer is at the limit and is shown the open order.
    t.orders.set(orderId, { status: "QUEUED" });
    const limited = await t.app.request("/api/orders", json({ token }, bearer(customerToken)));
    expect(limited.status).toBe(409);
    expect(await limited.json()).toMatchObject({
      error: { code: "CUSTOMER_LIMIT", orderId, status: "QUEUED" },
    });
    expect(
      (await t.qrTokens.current(t.clock.now, { rotationSeconds: 300, drinksPerToken: 10 })).used,
    ).toBe(1);
  });

  it("refuses invalid, expired and used-up tokens", async () => {
    const t = await createTestApp();
    const invalid = await t.app.request(
      "/api/orders",
      json({ token: "10-1.AAAAAAAAAAAAAAAAAAAAAA" }),
    );
    expect(invalid.status).toBe(403);
    expect(await invalid.json()).toMatchObject({ error: { code: "TOKEN_INVALID" } });
    const token = await qrToken(t);
    for (let i = 0; i < t.shop.config.limits.drinksPerToken; i++) {
      expect((await t.app.request("/api/orders", json({ token }))).status).toBe(202);
    }
    const exhausted = await t.app.request("/api/orders", json({ token }));
    expect(exhausted.status).toBe(409);
    expect(await exhausted.json()).toMatchObject({ error: { code: "TOKEN_EXHAUSTED" } });
    const fresh = await qrToken(t);
    t.clock.now += 2 * t.shop.config.limits.tokenRotationSeconds * 1000;
    const expired = await t.app.request("/api/orders", json({ token: fresh }));
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ error: { code: "TOKEN_EXPIRED" } });
  });

  it("treats a retried start with the same order id as the same order", async () => {
    const t = await createTestApp();
    const orderId = "ord_01KAAAAAAAAAAAAAAAAAAAAAAA";
    const token = await qrToken(t);
    const first = await t.app.request("/api/orders", json({ token, orderId }));
    const { customerToken } = (await first.json()) as { customerToken: string };
    const again = await t.app.request(
      "/api/orders",
      json({ token, orderId }, bearer(customerToken)),
    );
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ orderId });
    expect(
      (await t.qrTokens.current(t.clock.now, { rotationSeconds: 300, drinksPerToken: 10 })).used,
    ).toBe(1);
    const stranger = await t.app.request("/api/orders", json({ token, orderId }));
    expect(stranger.status).toBe(409);
    // Every try found the order PENDING (nothing here plays the workflow), so each one sent the
    // same start again: the stored order's input, whoever asked.
    const input = {
      orderId,
      customerId: expect.stringMatching(/^cus_/),
      createdAt: expect.any(String),
      terms: orderTerms(t.shop.config),
    };
    expect(t.workflow.started).toEqual([input, input, input]);
    expect(new Set(t.workflow.started.map((s) => JSON.stringify(s))).size).toBe(1);
  });

  it("re-sends the start of a PENDING order on a retry, even one without the lost session", async () => {
    const t = await createTestApp();
    const orderId = "ord_01KCCCCCCCCCCCCCCCCCCCCCCC";
    const token = await qrToken(t);
    // A start that stored the order and died before Invoke: nothing was ever started.
    await t.orders.create({ orderId, customerId: "cus_lost", now: "2026-01-01T07:59:00.000Z" });
    const retry = await t.app.request("/api/orders", json({ token, orderId }));
    expect(retry.status).toBe(409);
    expect(await retry.json()).toMatchObject({
      error: { code: "ORDER_EXISTS", status: "PENDING" },
    });
    expect(t.workflow.started).toEqual([{ orderId, customerId: "cus_lost" }]);
    // Once the workflow has moved the order on, a retry starts nothing.
    t.orders.set(orderId, { status: "AWAITING_ORDER" });
    const owner = await t.deps.sessions.sign({ id: "cus_lost", role: "customer" });
    const again = await t.app.request("/api/orders", json({ token, orderId }, bearer(owner)));
    expect(again.status).toBe(202);
    expect(t.workflow.started).toHaveLength(1);
    // No QR token was spent by either retry.
    expect(
      (await t.qrTokens.current(t.clock.now, { rotationSeconds: 300, drinksPerToken: 10 })).used,
    ).toBe(0);
  });

  it("sends the customer's session with an error after the order is stored, so their retry gets it", async () => {
    const t = await createTestApp();
    const orderId = "ord_01KDDDDDDDDDDDDDDDDDDDDDDD";
    const token = await qrToken(t);
    // The order is admitted, then starting its execution fails (the runtime's disk is full).
    t.workflow.startOrder = async () => {
      throw new ApiError("UPSTREAM_FAILED", "could not start the order workflow");
    };
    const failed = await t.app.request("/api/orders", json({ token, orderId }));
    expect(failed.status).toBe(502);
    const cookie = failed.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(cookie).toMatch(/^coffee_session=/);
    expect((await t.orders.getRecord(orderId))?.order.status).toBe("PENDING");

    const started: unknown[] = [];
    t.workflow.startOrder = async (input) => {
      started.push(input);
    };
    // The same client (the browser sends the cookie) tries again with the same id.
    const retry = await t.app.request("/api/orders", json({ token, orderId }, { cookie }));
    expect(retry.status).toBe(202);
    const body = (await retry.json()) as { orderId: string; customerToken: string };
    expect(body.orderId).toBe(orderId);
    expect(started).toEqual([expect.objectContaining({ orderId })]);
    const view = await t.app.request(`/api/orders/${orderId}`, {
      headers: bearer(body.customerToken),
    });
    expect(view.status).toBe(200);
  });

  it("submits the choice to the waiting callback, validated against the menu", async () => {
    const t = await createTestApp();
    const { orderId, customerToken } = await startOrder(t);
    const put = (body: unknown, token = customerToken) =>
      t.app.request(`/api/orders/${orderId}`, {
        method: "PUT",
        headers: { "content-type": "application/json", ...bearer(token) },
        body: JSON.stringify(body),
      });
    const early = await put({ drink: "latte" });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({
      error: { code: "INVALID_STATE", status: "PENDING" },
    });
    t.orders.set(orderId, {
      status: "AWAITING_ORDER",
      pendingCallback: { name: "customer-order", callbackId: "cb-secret-1" },
    });
    const bad = await put({ drink: "latte", modifiers: { milk: "goat" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      "body.modifiers.milk",
    );
    const ok = await put({ drink: "latte", modifiers: { milk: "oat" } });
    expect(ok.status).toBe(202);
    const answer = await ok.text();
    expect(answer).not.toContain("cb-secret-1");
    // The order as the choice leads it, which the workflow has yet to write.
    expect(JSON.parse(answer)).toMatchObject({
      orderId,
      status: "QUEUED",
      drink: "latte",
      drinkName: "Latte",
      modifiers: { size: "regular", milk: "oat", shots: "no" },
      pending: true,
    });
    expect((await t.orders.getRecord(orderId))?.order.status).toBe("AWAITING_ORDER");
    expect(t.workflow.completed).toEqual([
      {
        callbackId: "cb-secret-1",
        result: {
          action: "submit",
          choice: {
            drink: { id: "latte", name: "Latte", ingredients: { beans: 1, milk: 1 } },
            modifiers: { size: "regular", milk: "oat", shots: "no" },
          },
        },
      },
    ]);
    const other = await startOrder(t);
    expect((await put({ drink: "latte" }, other.customerToken)).status).toBe(403);
    const barista = await login(t, "barista");
    expect((await put({ drink: "latte" }, barista)).status).toBe(403);
  });

  it("answers 409 with the fresh status when the callback closed under the action", async () => {
    const t = await createTestApp();
    const { orderId } = await startOrder(t);
    t.orders.set(orderId, {
      status: "QUEUED",
      pendingCallback: { name: "barista-accept", callbackId: "cb-q" },
    });
    t.workflow.closed.add("cb-q");
    const barista = await login(t, "barista");
    const res = await t.app.request(`/api/orders/${orderId}/accept`, {
      method: "POST",
      headers: bearer(barista),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { status: "QUEUED" } });
  });

  it("lets baristas accept, and customers only cancel their own", async () => {
    const t = await createTestApp();
    const { orderId, customerToken } = await startOrder(t);
    t.orders.set(orderId, {
      status: "QUEUED",
      pendingCallback: { name: "barista-accept", callbackId: "cb-2" },
    });
    const post = (path: string, token: string) =>
      t.app.request(`/api/orders/${orderId}/${path}`, { method: "POST", headers: bearer(token) });
    expect((await post("accept", customerToken)).status).toBe(403);
    const stranger = await startOrder(t);
    expect((await post("cancel", stranger.customerToken)).status).toBe(403);
    const barista = await login(t, "barista");
    expect((await post("complete", barista)).status).toBe(409);
    const accepted = await post("accept", barista);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({
      orderId,
      status: "ACCEPTED",
      baristaId: "barista",
      pending: true,
    });
    expect(t.workflow.completed.at(-1)).toEqual({
      callbackId: "cb-2",
      result: { action: "accept", baristaId: "barista" },
    });
    const unknown = await t.app.request("/api/orders/ord_01KZZZZZZZZZZZZZZZZZZZZZZZ/accept", {
      method: "POST",
      headers: bearer(barista),
    });
    expect(unknown.status).toBe(404);
    const badId = await t.app.request("/api/orders/ord_nope/accept", {
      method: "POST",
      headers: bearer(barista),
    });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { error: { message: string } }).error.message).toContain(
      "path.id",
    );
  });

  it("shows the queue to baristas and each customer their own orders, never callback ids", async () => {
    const t = await createTestApp();
    const a = await startOrder(t);
    const b = await startOrder(t);
    t.orders.set(a.orderId, {
      status: "QUEUED",
      unaccepts: 2,
      pendingCallback: { name: "barista-accept", callbackId: "cb-x" },
    });
    const barista = await login(t, "barista");
    const queue = await t.app.request("/api/orders?status=QUEUED", { headers: bearer(barista) });
    const text = await queue.text();
    expect(JSON.parse(text).orders.map((o: { orderId: string }) => o.orderId)).toEqual([a.orderId]);
    // The console warns before the unaccept that cancels: it needs the count.
    expect(JSON.parse(text).orders[0].unaccepts).toBe(2);
    expect(text).not.toContain("cb-x");
    expect((await t.app.request("/api/orders", { headers: bearer(a.customerToken) })).status).toBe(
      403,
    );
    const badStatus = await t.app.request("/api/orders?status=BREWING", {
      headers: bearer(barista),
    });
    expect(badStatus.status).toBe(400);
    const mine = await t.app.request("/api/my-orders", { headers: bearer(b.customerToken) });
    expect(
      ((await mine.json()) as { orders: { orderId: string }[] }).orders.map((o) => o.orderId),
    ).toEqual([b.orderId]);
    expect(
      (await t.app.request(`/api/orders/${a.orderId}`, { headers: bearer(b.customerToken) }))
        .status,
    ).toBe(403);
    expect((await t.app.request(`/api/orders/${a.orderId}`)).status).toBe(401);
  });

  it("rate-limits order starts per client with Retry-After", async () => {
    const t = await createTestApp();
    const token = await qrToken(t);
    let last: Response | undefined;
    for (let i = 0; i < 101; i++) {
      last = await t.app.request(
        "/api/orders",
        json({ token: `${token}x` }, { "x-test-ip": "10.0.0.9" }),
      );
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    const otherClient = await t.app.request(
      "/api/orders",
      json({ token }, { "x-test-ip": "10.0.0.10" }),
    );
    expect(otherClient.status).toBe(202);
  });
});

describe("admin config", () => {
  it("changes limits, validates them, and publishes the change", async () => {
    const t = await createTestApp();
    const admin = await login(t, "admin");
    const put = (body: unknown) =>
      t.app.request("/api/admin/config", {
        method: "PUT",
        headers: { "content-type": "application/json", ...bearer(admin) },
        body: JSON.stringify(body),
      });
    const ok = await put({ limits: { drinksPerToken: 2 } });
    expect(ok.status).toBe(200);
    expect(t.shop.config.limits).toMatchObject({ drinksPerToken: 2, maxOrdersInQueue: 20 });
    expect(t.shopEvents.published.map((e) => e.detailType)).toEqual(["Shop.ConfigChanged"]);
    const bad = await put({ limits: { tokenRotationSeconds: 1 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      "body.limits.tokenRotationSeconds",
    );
  });
});

describe("admin menu and stock", () => {
  async function admin() {
    const t = await createTestApp();
    const token = await login(t, "admin");
    const put = (body: unknown) =>
      t.app.request("/api/admin/menu", {
        method: "PUT",
        headers: { "content-type": "application/json", ...bearer(token) },
        body: JSON.stringify(body),
      });
    return { t, put };
  }

  it("changes only the stock it names", async () => {
    const { t, put } = await admin();
    const res = await put({ stock: { milk: 42 } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stock: unknown }).stock).toEqual({
      beans: 500,
      milk: 42,
      cocoa: 100,
    });
    expect(t.shop.stock).toEqual({ beans: 500, milk: 42, cocoa: 100 });
  });

  it("adds and removes drinks and their options, and publishes the menu", async () => {
    const { t, put } = await admin();
    const menu = t.shop.menu.filter((d) => d.id !== "espresso");
    const flatWhite = {
      id: "flat-white",
      name: "Flat white",
      available: true,
      modifiers: [{ id: "milk", name: "Milk", options: ["whole", "oat"], default: "whole" }],
      ingredients: { beans: 2, milk: 1 },
    };
    const res = await put({ menu: [...menu, flatWhite] });
    expect(res.status).toBe(200);
    expect(t.shop.menu.map((d) => d.id)).toEqual([
      "americano",
      "latte",
      "cappuccino",
      "hot-chocolate",
      "flat-white",
    ]);
    expect(t.shopEvents.published.map((e) => e.detailType)).toEqual(["Shop.MenuChanged"]);
    const config = (await (await t.app.request("/api/config")).json()) as { menu: unknown[] };
    expect(config.menu).toContainEqual(flatWhite);
  });
});
