/**
 * In-memory stand-ins for the stores and the workflow, for route tests through `app.request()`.
 * The integration tests use the real ones (dynalite, the durable runtime) instead.
 */
import { randomBytes } from "node:crypto";
import type {
  Admission,
  AdmissionRequest,
  QrRedemption,
  QrToken,
  QrTokenPolicy,
  StaffAccount,
} from "@coffee/data";
import {
  type CallbackResult,
  type Menu,
  type Order,
  type OrderStatus,
  type OrderWorkflowInput,
  SEED_CONFIG,
  SEED_MENU,
  SEED_STOCK,
  type ShopConfig,
  type ShopEventType,
  type Stock,
} from "@coffee/shared";
import { ApiError } from "../api-error.js";
import type {
  AdmissionStore,
  OrdersStore,
  QrTokenStore,
  ShopEventPublisher,
  ShopStore,
  StaffAccountStore,
  StoredOrder,
  WorkflowGateway,
} from "../app-deps.js";
import type { ExecutionTimeline } from "../workflow/execution-timeline.js";

export class MemoryOrders implements OrdersStore {
  readonly items = new Map<string, StoredOrder>();
  /** A PENDING order as admission stores it (tests that need orders without admitting them). */
  async create(input: { orderId: string; customerId: string; now: string }): Promise<Order> {
    const order: Order = {
      orderId: input.orderId,
      customerId: input.customerId,
      status: "PENDING",
      createdAt: input.now,
      updatedAt: input.now,
    };
    this.items.set(order.orderId, { order });
    return structuredClone(order);
  }
  async getRecord(orderId: string) {
    const record = this.items.get(orderId);
    return record ? structuredClone(record) : undefined;
  }
  async listByStatus(status: OrderStatus) {
    return [...this.items.values()].map((r) => r.order).filter((o) => o.status === status);
  }
  async listByCustomer(customerId: string) {
    return [...this.items.values()].map((r) => r.order).filter((o) => o.customerId === customerId);
  }
  /** Plays the workflow: moves the order and sets the callback it waits on. */
  set(
    orderId: string,
    patch: Partial<Order> & { pendingCallback?: StoredOrder["pendingCallback"] },
  ) {
    const record = this.items.get(orderId);
    if (!record) throw new Error(`no order ${orderId}`);
    const { pendingCallback, ...order } = patch;
    this.items.set(orderId, { order: { ...record.order, ...order }, pendingCallback });
  }
}

export class MemoryShop implements ShopStore {
  config: ShopConfig = structuredClone(SEED_CONFIG);
  /** Orders holding a queue place, and each customer's open orders (as admission keeps them). */
  queued = 0;
  readonly customers = new Map<string, Set<string>>();
  menu: Menu = structuredClone(SEED_MENU);
  stock: Stock = structuredClone(SEED_STOCK);
  async getConfig() {
    return structuredClone(this.config);
  }
  async putConfig(config: ShopConfig) {
    this.config = structuredClone(config);
  }
  async setStoreOpen(open: boolean) {
    this.config.storeOpen = open;
  }
  async getMenu() {
    return structuredClone(this.menu);
  }
  async putMenu(menu: Menu) {
    this.menu = menu;
  }
  async getStock() {
    return structuredClone(this.stock);
  }
  async putStock(stock: Stock) {
    this.stock = stock;
  }
  async setStockLevels(levels: Stock) {
    this.stock = { ...this.stock, ...levels };
    return { ...this.stock };
  }
}

export class MemoryQrTokens implements QrTokenStore {
  readonly tokens = new Map<number, QrToken>();
  /** Tokens replaced early because they were used up (as the repository keeps them). */
  readonly spent: QrToken[] = [];
  async current(nowMs: number, policy: QrTokenPolicy) {
    const period = Math.floor(nowMs / (policy.rotationSeconds * 1000));
    let token = this.tokens.get(period);
    if (token && token.used >= token.drinks) {
      this.spent.push(token);
      token = undefined;
    }
    if (!token) {
      const rotatesAt = (period + 1) * policy.rotationSeconds * 1000;
      token = {
        token: `${policy.rotationSeconds}-${period}.${randomBytes(16).toString("base64url")}`,
        drinks: policy.drinksPerToken,
        used: 0,
        rotatesAt,
        expiresAt: rotatesAt + 60_000,
      };
      this.tokens.set(period, token);
    }
    return { ...token };
  }
  /** The stored token (not a copy), for admission. */
  find(value: string): QrToken | undefined {
    return [...this.tokens.values(), ...this.spent].find((t) => t.token === value);
  }
  async redeem(value: string, nowMs: number): Promise<QrRedemption> {
    const token = this.find(value);
    if (!token) return { ok: false, reason: "invalid" };
    if (token.expiresAt <= nowMs) return { ok: false, reason: "expired" };
    if (token.used >= token.drinks) return { ok: false, reason: "exhausted" };
    token.used++;
    return { ok: true, remaining: token.drinks - token.used };
  }
}

/**
 * Admission as `@coffee/data` does it, on the stores above: every check and every count in one
 * synchronous turn, which is what the DynamoDB transaction's all-or-nothing gives.
 */
export class MemoryAdmission implements AdmissionStore {
  constructor(
    private readonly orders: MemoryOrders,
    private readonly shop: MemoryShop,
    private readonly qrTokens: MemoryQrTokens,
  ) {}

  async admit(request: AdmissionRequest): Promise<Admission> {
    const existing = this.orders.items.get(request.orderId);
    if (existing)
      return { admitted: false, reason: "ORDER_EXISTS", existing: structuredClone(existing) };
    const token = this.qrTokens.find(request.token);
    if (!token) return { admitted: false, reason: "TOKEN_INVALID" };
    if (token.expiresAt <= request.nowMs) return { admitted: false, reason: "TOKEN_EXPIRED" };
    if (token.used >= token.drinks) return { admitted: false, reason: "TOKEN_EXHAUSTED" };
    const { config } = this.shop;
    if (!config.storeOpen) return { admitted: false, reason: "STORE_CLOSED" };
    if (this.shop.queued >= config.limits.maxOrdersInQueue) {
      return { admitted: false, reason: "QUEUE_FULL" };
    }
    const open = this.shop.customers.get(request.customerId) ?? new Set<string>();
    if (open.size >= request.maxOrdersPerCustomer) {
      return { admitted: false, reason: "CUSTOMER_LIMIT", openOrderIds: [...open].sort() };
    }
    token.used++;
    this.shop.queued++;
    this.shop.customers.set(request.customerId, open.add(request.orderId));
    const now = new Date(request.nowMs).toISOString();
    const order: Order = {
      orderId: request.orderId,
      customerId: request.customerId,
      status: "PENDING",
      createdAt: now,
      updatedAt: now,
    };
    this.orders.items.set(order.orderId, { order, terms: request.terms });
    return { admitted: true, order: structuredClone(order) };
  }
}

export class MemoryStaffAccounts implements StaffAccountStore {
  readonly accounts = new Map<string, StaffAccount>();
  async get(username: string) {
    return this.accounts.get(username);
  }
  async credentialVersion(username: string) {
    return this.accounts.get(username)?.credentialVersion;
  }
}

export class RecordingShopEvents implements ShopEventPublisher {
  readonly published: { detailType: ShopEventType; detail: Record<string, unknown> }[] = [];
  onPublish?: (detailType: ShopEventType, detail: Record<string, unknown>) => void;
  async publishShopEvent(detailType: ShopEventType, detail: Record<string, unknown>) {
    this.published.push({ detailType, detail });
    this.onPublish?.(detailType, detail);
  }
}

/** Records starts and callback completions; a closed callback id answers like Lambda would. */
export class RecordingWorkflow implements WorkflowGateway {
  readonly started: OrderWorkflowInput[] = [];
  readonly completed: { callbackId: string; result: CallbackResult }[] = [];
  readonly closed = new Set<string>();
  timelines = new Map<string, ExecutionTimeline>();
  async startOrder(input: OrderWorkflowInput) {
    this.started.push(input);
  }
  async completeCallback(callbackId: string, result: CallbackResult) {
    if (this.closed.has(callbackId)) throw new ApiError("INVALID_STATE", "callback closed");
    this.closed.add(callbackId);
    this.completed.push({ callbackId, result });
  }
  async timeline(orderId: string) {
    return this.timelines.get(orderId);
  }
}
