/**
 * An in-memory coffee bar behind a `fetch` function: the API's documented routes, roles and
 * error shapes, with state the test can read and change (as a barista or the workflow would).
 * Every change it makes is also emitted on the fake realtime source, as the API's SSE does.
 */
import {
  type Actor,
  actionMove,
  type CheckedChoice,
  type Limits,
  type Menu,
  ORDER_ACTIONS,
  type Order,
  orderAfter,
  type PublicConfig,
  publicOrder,
  SEED_CONFIG,
  SEED_MENU,
  SEED_STOCK,
  type Stock,
  type Timeouts,
} from "@coffee/shared";
import type { OrderExecution } from "../api/api-schemas.js";
import { FakeRealtime } from "./fake-realtime.js";

const T0 = Date.parse("2026-01-01T08:00:00.000Z");

/** Any request body the routes read (the fake trusts the client; the real API validates). */
interface Body {
  username?: string;
  password?: string;
  token?: string;
  drink?: string;
  modifiers?: Record<string, string>;
  open?: boolean;
  menu?: Menu;
  stock?: Stock;
  limits?: Limits;
  timeouts?: Timeouts;
}

interface Session {
  id: string;
  role: "customer" | "barista" | "admin";
}

export class FakeCoffeeBar {
  config: PublicConfig = structuredClone({ ...SEED_CONFIG, menu: SEED_MENU });
  stock: Stock = { ...SEED_STOCK };
  readonly orders = new Map<string, Order>();
  qr = { token: "qr-token-1", drinks: 10, remaining: 10, rotatesAt: T0 + 5 * 60_000 };
  /** The status a new order reaches right after start (the workflow's checks). */
  startStatus: Order["status"] = "AWAITING_ORDER";
  startReason: Order["reason"];
  /** Set to refuse the next starts with 409 and this code (and the open order, at the limit). */
  refuseStart:
    | { code: "STORE_CLOSED" | "QUEUE_FULL" | "CUSTOMER_LIMIT"; orderId?: string }
    | undefined;
  /** The session cookie this browser holds (set by a start), used without a Bearer token. */
  cookie: string | undefined;
  /** Set to make every call fail as if the API were down. */
  down = false;
  timeline: OrderExecution | undefined;
  readonly calls: string[] = [];
  readonly realtime = new FakeRealtime();
  nowMs = T0;
  private readonly sessions = new Map<string, Session>([
    ["staff-barista", { id: "barista", role: "barista" }],
    ["staff-admin", { id: "admin", role: "admin" }],
  ]);
  private seq = 0;
  private orderNumber = 0;

  /** Adds an order directly (as if other customers had ordered). */
  addOrder(patch: Partial<Order> & Pick<Order, "status">): Order {
    this.seq++;
    const order: Order = {
      orderId: `ord_${String(this.seq).padStart(26, "0")}`,
      customerId: `cus_${this.seq}`,
      createdAt: new Date(this.nowMs).toISOString(),
      updatedAt: new Date(this.nowMs).toISOString(),
      ...patch,
    };
    this.orders.set(order.orderId, order);
    return order;
  }

  /** A customer's session token, as a start would have answered it to their phone. */
  customerToken(customerId: string): string {
    const token = `customer-${customerId}`;
    this.sessions.set(token, { id: customerId, role: "customer" });
    return token;
  }

  /** Changes a shop setting and emits the shop event, as an admin's change would. */
  setStoreOpen(open: boolean): void {
    this.config.storeOpen = open;
    this.realtime.emit({ type: "Shop.StoreStatusChanged" });
  }

  /** Changes an order and emits the matching event, as the workflow would. */
  update(orderId: string, patch: Partial<Order>): Order {
    const current = this.orders.get(orderId);
    if (!current) throw new Error(`no order ${orderId}`);
    return this.write({ ...current, ...patch });
  }

  /**
   * Stores the order as the workflow writes it, a moment after the version it changes (so a
   * screen can tell the write from an action's answer), and emits the matching event.
   */
  private write(next: Order): Order {
    const { orderId } = next;
    const before = Date.parse(this.orders.get(orderId)?.updatedAt ?? "") + 1;
    const updatedAt = new Date(Math.max(this.nowMs, before || 0)).toISOString();
    const order = { ...next, updatedAt };
    this.orders.set(orderId, order);
    this.realtime.emit({ type: eventType(order.status), orderId, status: order.status, order });
    return order;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input), "http://fake.test");
    const method = init?.method ?? "GET";
    this.calls.push(`${method} ${url.pathname}`);
    if (this.down) throw new TypeError("fetch failed");
    const auth =
      new Headers(init?.headers).get("authorization")?.replace(/^Bearer /, "") ?? this.cookie;
    const session = auth ? this.sessions.get(auth) : undefined;
    const body: Body = init?.body ? JSON.parse(String(init.body)) : {};
    try {
      return json(200, this.route(method, url.pathname, session, body));
    } catch (e) {
      if (e instanceof HttpError)
        return json(e.status, { error: { code: e.code, message: e.message, ...e.details } });
      throw e;
    }
  };

  private route(method: string, path: string, who: Session | undefined, body: Body): unknown {
    const staff = () => {
      if (!who) throw new HttpError(401, "UNAUTHENTICATED", "sign in first");
      if (who.role === "customer") throw new HttpError(403, "FORBIDDEN", "staff only");
      return who;
    };
    const admin = () => {
      if (staff().role !== "admin") throw new HttpError(403, "FORBIDDEN", "admin only");
    };
    const execution = /^\/api\/orders\/([^/]+)\/execution$/.exec(path);
    const m = /^\/api\/orders\/([^/]+)(?:\/(\w+))?$/.exec(path);
    if (method === "GET" && path === "/api/config") return this.config;
    if (method === "POST" && path === "/api/auth/login") {
      const { username = "", password } = body;
      if (password !== `${username}-pw` || !["barista", "admin"].includes(username)) {
        throw new HttpError(401, "UNAUTHENTICATED", "wrong user name or password");
      }
      return { token: `staff-${username}`, id: username, role: username };
    }
    if (method === "GET" && path === "/api/qr-code") {
      staff();
      return {
        token: this.qr.token,
        drinks: this.qr.drinks,
        remaining: this.qr.remaining,
        rotatesAt: new Date(this.qr.rotatesAt).toISOString(),
        expiresAt: new Date(this.qr.rotatesAt + 60_000).toISOString(),
      };
    }
    if (method === "POST" && path === "/api/orders") {
      if (body.token !== this.qr.token)
        throw new HttpError(403, "TOKEN_EXPIRED", "this QR code has expired; scan the current one");
      if (this.qr.remaining <= 0)
        throw new HttpError(
          409,
          "TOKEN_EXHAUSTED",
          "this QR code has been used for all its drinks; scan the new one",
        );
      if (this.refuseStart) {
        const { code, orderId } = this.refuseStart;
        // The API's refusal body: `{error: {code, message, details: {orderId}}}`.
        throw new HttpError(409, code, `refused: ${code}`, orderId ? { details: { orderId } } : {});
      }
      this.qr.remaining--;
      const order = this.addOrder({
        status: this.startStatus,
        reason: this.startReason,
      });
      const customerToken = `customer-${order.customerId}`;
      this.sessions.set(customerToken, { id: order.customerId, role: "customer" });
      this.cookie = customerToken;
      return { orderId: order.orderId, customerToken };
    }
    if (method === "GET" && path === "/api/my-orders") {
      if (!who) throw new HttpError(401, "UNAUTHENTICATED", "sign in first");
      return { orders: [...this.orders.values()].filter((o) => o.customerId === who.id) };
    }
    if (method === "GET" && path === "/api/orders") {
      staff();
      return {
        orders: [...this.orders.values()].filter(
          (o) => !["COMPLETED", "CANCELLED", "REJECTED"].includes(o.status),
        ),
      };
    }
    if (execution && method === "GET") {
      staff();
      if (!this.timeline) throw new HttpError(404, "NOT_FOUND", `no order ${execution[1]}`);
      return this.timeline;
    }
    if (m) {
      const order = this.orders.get(m[1] ?? "");
      if (!who) throw new HttpError(401, "UNAUTHENTICATED", "sign in first");
      if (!order) throw new HttpError(404, "NOT_FOUND", `no order ${m[1]}`);
      if (who.role === "customer" && order.customerId !== who.id)
        throw new HttpError(403, "FORBIDDEN", "not yours");
      const action = m[2];
      if (method === "GET" && !action) return publicOrder(order);
      // Actions answer as the API does: the order as the lifecycle leads it, `pending`; the
      // workflow's write (and its event) is applied at once.
      const actor: Actor = { id: who.id, staff: who.role !== "customer" };
      if (method === "PUT" && !action) {
        if (!actionMove(order.status, "choose")) throw invalid(order);
        const drink = this.config.menu.find((d) => d.id === body.drink);
        const choice: CheckedChoice = {
          drink: { id: body.drink ?? "", name: drink?.name ?? body.drink ?? "", ingredients: {} },
          modifiers: body.modifiers ?? {},
        };
        const answer = orderAfter(order, "choose", { actor, choice }) ?? order;
        this.write({ ...answer, orderNumber: ++this.orderNumber });
        return publicOrder(answer, true);
      }
      const act = ORDER_ACTIONS.find((a) => a === action && a !== "choose");
      if (method === "POST" && act) {
        if (act !== "cancel") staff();
        const answer = orderAfter(order, act, { actor });
        if (!answer) throw invalid(order);
        this.write(answer);
        return publicOrder(answer, true);
      }
    }
    if (path.startsWith("/api/admin/")) {
      admin();
      if (method === "PUT" && path === "/api/admin/store") {
        this.config.storeOpen = body.open === true;
        this.realtime.emit({ type: "Shop.StoreStatusChanged" });
        return { storeOpen: body.open };
      }
      if (method === "GET" && path === "/api/admin/stock") return { stock: this.stock };
      if (method === "PUT" && path === "/api/admin/menu") {
        if (body.menu) this.config.menu = body.menu;
        if (body.stock) this.stock = { ...this.stock, ...body.stock };
        return { menu: this.config.menu, stock: this.stock };
      }
      if (method === "PUT" && path === "/api/admin/config") {
        if (body.limits) this.config.limits = body.limits;
        if (body.timeouts) this.config.timeouts = body.timeouts;
        const { menu: _menu, ...config } = this.config;
        return config;
      }
    }
    throw new HttpError(404, "NOT_FOUND", `no route ${method} ${path}`);
  }
}

function eventType(status: Order["status"]): string {
  const names: Record<Order["status"], string> = {
    PENDING: "Order.Created",
    REJECTED: "Order.Rejected",
    AWAITING_ORDER: "Order.AwaitingOrder",
    QUEUED: "Order.Queued",
    ACCEPTED: "Order.Accepted",
    READY: "Order.Ready",
    COMPLETED: "Order.Completed",
    CANCELLED: "Order.Cancelled",
  };
  return names[status];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const invalid = (order: Order) =>
  new HttpError(409, "INVALID_STATE", `cannot do that now (order is ${order.status})`, {
    status: order.status,
  });

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}
