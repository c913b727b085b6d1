/**
 * What `createApp` needs, as narrow interfaces: the composition roots (`lambda.ts`, the local
 * stack) pass the real `@coffee/data` repositories and AWS SDK gateways; nothing here is local-only.
 */
import type {
  Admission,
  AdmissionRequest,
  QrRedemption,
  QrToken,
  QrTokenPolicy,
  StaffAccount,
} from "@coffee/data";
import type {
  CallbackResult,
  Menu,
  Order,
  OrderStatus,
  OrderTerms,
  OrderWorkflowInput,
  ShopConfig,
  ShopEventType,
  Stock,
} from "@coffee/shared";
import type { SessionTokens } from "./auth/session-tokens.js";
import type { EventHub } from "./events/event-hub.js";
import type { RateLimits } from "./rate-limiter.js";
import type { ExecutionTimeline } from "./workflow/execution-timeline.js";

/** An order as stored: the public record plus the callback the workflow waits on (private). */
export interface StoredOrder {
  order: Order;
  pendingCallback?: { name: string; callbackId: string } | undefined;
  /** The terms the order was admitted under (absent on orders from before they were kept). */
  terms?: OrderTerms | undefined;
}

/** `@coffee/data`'s `OrderAdmission` fits this as it is. */
export interface AdmissionStore {
  /** Admits and stores a new order in one write, or answers which limit refused it. */
  admit(request: AdmissionRequest): Promise<Admission>;
}

/** `@coffee/data`'s `OrdersRepository` fits this as it is. */
export interface OrdersStore {
  getRecord(orderId: string): Promise<StoredOrder | undefined>;
  /** The order and the menu in one request (the customer's choice needs both). */
  getRecordWithMenu?(orderId: string): Promise<{ record?: StoredOrder | undefined; menu: Menu }>;
  listByStatus(status: OrderStatus): Promise<Order[]>;
  listByCustomer(customerId: string): Promise<Order[]>;
}

/** `@coffee/data`'s `ShopRepository` fits this as it is. */
export interface ShopStore {
  getConfig(): Promise<ShopConfig>;
  putConfig(config: ShopConfig): Promise<unknown>;
  setStoreOpen(open: boolean): Promise<unknown>;
  getMenu(): Promise<Menu>;
  putMenu(menu: Menu): Promise<unknown>;
  getStock(): Promise<Stock>;
  putStock(stock: Stock): Promise<unknown>;
  /** Sets the units of the ingredients named, and only those; answers the whole stock. */
  setStockLevels(levels: Stock): Promise<Stock>;
  /**
   * The config for admitting a start, kept until admission finds it changed (`CONFIG_CHANGED`,
   * then `configChanged`): admission checks it against the stored one in its own write.
   */
  admissionConfig?(): Promise<ShopConfig>;
  configChanged?(config: ShopConfig): void;
  /** The menu if one read moments ago is kept, else undefined (read it with what else is read). */
  keptMenu?(): Promise<Menu> | undefined;
  /** A menu just read elsewhere, to keep as `getMenu` would. */
  menuRead?(menu: Menu): void;
}

export interface QrTokenStore {
  current(nowMs: number, policy: QrTokenPolicy): Promise<QrToken>;
  redeem(token: string, nowMs: number): Promise<QrRedemption>;
}

export interface StaffAccountStore {
  get(username: string): Promise<StaffAccount | undefined>;
}

/** Shop-wide changes the API itself makes, published like the workflow's (PutEvents). */
export interface ShopEventPublisher {
  publishShopEvent(detailType: ShopEventType, detail: Record<string, unknown>): Promise<void>;
}

/** The durable order workflow, reached through `@aws-sdk/client-lambda`. */
export interface WorkflowGateway {
  /** Starts the order's execution; the same order id again is the same execution. */
  startOrder(input: OrderWorkflowInput): Promise<void>;
  /** Completes a pending callback; throws `ApiError` INVALID_STATE if it is already closed. */
  completeCallback(callbackId: string, result: CallbackResult): Promise<void>;
  /** The order's execution as a timeline, or undefined if it has none. */
  timeline(orderId: string): Promise<ExecutionTimeline | undefined>;
}

/** When the API asks about the disk: ahead of a write request, or after a request failed. */
export type StorageCheck = "before-write" | "after-failure";

/** Why nothing can be saved: the disk that holds the data is full or read-only. */
export interface StorageFault {
  code: "STORAGE_FULL" | "STORAGE_READ_ONLY";
  /** Names the cause and where the data lives. */
  message: string;
}

export interface AppDeps {
  orders: OrdersStore;
  admission: AdmissionStore;
  shop: ShopStore;
  qrTokens: QrTokenStore;
  staffAccounts: StaffAccountStore;
  shopEvents: ShopEventPublisher;
  workflow: WorkflowGateway;
  sessions: SessionTokens;
  hub: EventHub;
  limits: RateLimits;
  /** The web app's origin, the only one CORS allows (none when served from the same origin). */
  webOrigin?: string;
  /** Client address for per-IP limits; adapter-specific (node socket, Lambda request context). */
  clientIp(request: Request, env: unknown): string;
  /** Milliseconds since the epoch. */
  now(): number;
  /** How long config and menu reads are reused (`cached-shop.ts`); 5 s unless a test says 0. */
  shopCacheMs?: number;
  /** SSE heartbeat interval; 15 s unless a test shortens it. */
  heartbeatMs?: number;
  /** Whether the session cookie needs `Secure` (true behind HTTPS). */
  secureCookies?: boolean;
  /** Largest request body accepted, in bytes (default 16 KiB); larger ones get 413. */
  maxBodyBytes?: number;
  /**
   * Where the data lives on a disk of the deployment's own (the local stack's DATA_DIR): whether
   * that disk is full or read-only now, so that the caller learns the cause (503) instead of an
   * internal error. Asked `"before-write"` ahead of each write request, where it must be cheap
   * while the disk has room (a full disk is refused before any store half-writes on it), and
   * `"after-failure"` when a request fails on the server's side, where it may test the disk.
   */
  storageFault?(when: StorageCheck): Promise<StorageFault | undefined>;
}
