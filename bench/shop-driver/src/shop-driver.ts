/**
 * The load driver of bench/ and the stack's tests, for the shop API over plain HTTP: a client that can send from any
 * 127.x.y.z address (the API rate-limits order starts per client address, and a load of
 * customers is many addresses), and an order loop that plays the customer and the barista
 * from whatever status the order is in, so it survives lost answers and a restarted stack.
 */
import { request } from "node:http";
import { readSse } from "@coffee/api/testing";
import type { OrderStatus } from "@coffee/shared";

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test driver reading JSON answers of many routes
  body: any;
  /** How long the server asked the client to wait before trying again (`Retry-After`), in ms. */
  retryAfterMs?: number | undefined;
}

/** See `CallOptions.timeoutMs`. */
const DEFAULT_TIMEOUT_MS = 60_000;

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  /** Source address on the loopback network (127.0.0.1 when unset). */
  from?: string;
  /**
   * How long the exchange may take before it is given up as a network failure (default 60 s,
   * as long as a test may run: a busy machine makes answers slow, not wrong, so tests do not
   * set a shorter one; a benchmark may, to count and resend slow requests).
   */
  timeoutMs?: number;
}

/** One HTTP exchange; network failures reject (the caller decides whether to retry). */
export function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        localAddress: options.from,
        // Spreads: node:http refuses an undefined header value.
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(payload === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
        },
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
          resolve({
            status: res.statusCode ?? 0,
            body,
            retryAfterMs: retryAfterMs(res.headers["retry-after"], Date.now()),
          });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signs a staff member in (`POST /auth/login`): the session token. */
export async function signIn(base: string, username: string, password: string): Promise<string> {
  const reply = await call(base, "POST", "/auth/login", { body: { username, password } });
  return reply.body.token as string;
}

/**
 * A `Retry-After` header in milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3); undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The longest wait a `Retry-After` gets by default (a server may ask for hours). */
export const MAX_RETRY_WAIT_MS = 30_000;

/**
 * Order changes as the staff event stream (`GET /events`, SSE) tells them: order loops wait
 * for their order's next event instead of polling (hundreds of customers polling every few
 * hundred ms were most of the shop's work under load), and take the status the event carries
 * (the order's public view) instead of reading it again. A version per order, read before the
 * order's status is, closes the gap between that read and the wait. If the stream ends, waits
 * fall back to their timeout, which is then a plain poll interval with a read.
 */
export class OrderWatch {
  readonly #versions = new Map<string, number>();
  readonly #statuses = new Map<string, OrderStatus>();
  readonly #waiters = new Map<string, Set<() => void>>();
  #close: () => void = () => {};

  private constructor() {}

  /** Opens the stream with a staff session and answers once the server said it is ready. */
  static async open(base: string, staffToken: string): Promise<OrderWatch> {
    const watch = new OrderWatch();
    const abort = new AbortController();
    watch.#close = () => abort.abort();
    const res = await fetch(`${base}/events`, {
      headers: { authorization: `Bearer ${staffToken}`, accept: "text/event-stream" },
      signal: abort.signal,
    });
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new Error(`GET /events: ${res.status}`);
    }
    const stream = readSse(res);
    if ((await stream.next()).event !== "ready") throw new Error("GET /events: no ready event");
    void (async () => {
      try {
        for (;;) watch.#saw((await stream.next()).data);
      } catch {
        // The stack went away (or the watch closed): everyone waiting reads the status again.
        watch.#wakeAll();
      }
    })();
    return watch;
  }

  /** How many events this order has had; pass it to `changed` after reading the status. */
  version(orderId: string): number {
    return this.#versions.get(orderId) ?? 0;
  }

  /**
   * Resolves at the order's next event after `version` with the status that event carries, or
   * after `timeoutMs` with undefined (then the caller reads the status itself).
   */
  changed(orderId: string, version: number, timeoutMs: number): Promise<OrderStatus | undefined> {
    if (this.version(orderId) !== version) return Promise.resolve(this.#statuses.get(orderId));
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(orderId) ?? new Set();
      this.#waiters.set(orderId, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.#waiters.delete(orderId);
        resolve(this.version(orderId) === version ? undefined : this.#statuses.get(orderId));
      };
      const timer = setTimeout(done, timeoutMs);
      waiters.add(done);
    });
  }

  /** Forgets an order that ended (its events stop mattering). */
  forget(orderId: string): void {
    this.#versions.delete(orderId);
    this.#statuses.delete(orderId);
  }

  close(): void {
    this.#close();
    this.#wakeAll();
  }

  #saw(data: unknown): void {
    const { orderId, status } = (data ?? {}) as { orderId?: unknown; status?: unknown };
    if (typeof orderId !== "string" || typeof status !== "string") return; // a shop event
    this.#versions.set(orderId, this.version(orderId) + 1);
    this.#statuses.set(orderId, status as OrderStatus);
    for (const wake of [...(this.#waiters.get(orderId) ?? [])]) wake();
  }

  #wakeAll(): void {
    for (const waiters of [...this.#waiters.values()]) for (const wake of [...waiters]) wake();
  }
}

/**
 * Retries network failures and 5xx/429 against whatever `base()` answers now (a restarted
 * stack listens on a new port) until `deadline`. An answer with `Retry-After` (the API's 429
 * `RATE_LIMITED` says how many seconds its bucket needs) is retried no sooner than it asks,
 * plus up to a quarter more at random so that clients limited together do not come back
 * together, and never later than `maxRetryWaitMs` or the deadline; other failures (and a
 * `Retry-After` shorter than that) wait 50 ms doubling to 500 ms. Retrying a 429 every 500 ms
 * instead made a paced run of 1,000 orders send 292,591 requests the stack could only refuse.
 */
export async function callRetrying(
  base: () => string | undefined,
  method: string,
  path: string,
  options: CallOptions & {
    deadline: number;
    /** Called before each wait with why the request is sent again and the wait in ms. */
    onRetry?: ((reason: string, waitMs: number) => void) | undefined;
    /** The longest wait a `Retry-After` gets (default `MAX_RETRY_WAIT_MS`). */
    maxRetryWaitMs?: number;
    /** The jitter's source, [0, 1) (tests pass a fixed one). */
    random?: () => number;
  },
): Promise<Reply> {
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    const url = base();
    let reason: string | undefined;
    let asked: number | undefined;
    if (url) {
      try {
        const reply = await call(url, method, path, options);
        if (reply.status < 500 && reply.status !== 429) return reply;
        reason = `${reply.status} ${reply.body?.error?.code ?? ""}`.trim();
        asked = reply.retryAfterMs;
      } catch (error) {
        // connection refused or reset: the stack is down or restarting
        reason = (error as Error).message;
      }
    }
    const left = options.deadline - Date.now();
    if (left < 0) {
      throw new Error(`${method} ${path}: no answer before the deadline`);
    }
    const backoff = Math.min(50 * 2 ** Math.min(attempt, 4), 500);
    const waitMs = Math.min(
      asked === undefined
        ? backoff
        : Math.min(
            Math.max(backoff, asked * (1 + random() / 4)),
            options.maxRetryWaitMs ?? MAX_RETRY_WAIT_MS,
          ),
      // One last try at the deadline rather than a wait past it.
      left,
    );
    if (reason !== undefined) options.onRetry?.(reason, waitMs);
    await sleep(waitMs);
  }
}

export type OrderPlan = "complete" | "customer-cancels" | "barista-cancels";

export interface OrderRun {
  orderId: string;
  plan: OrderPlan;
  /** False when the start's answer was lost and the retry found the order already made. */
  owned: boolean;
  /** Statuses in the order this driver saw them. */
  seen: OrderStatus[];
  final: OrderStatus;
}

const TERMINAL = new Set<OrderStatus>(["COMPLETED", "CANCELLED", "REJECTED"]);
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** An order id in the API's format from any integer source (seeded in tests). */
export function orderIdFrom(random: () => number): string {
  let id = "ord_";
  for (let i = 0; i < 26; i++) id += CROCKFORD[Math.floor(random() * 32)];
  return id;
}

export interface Shop {
  base: () => string | undefined;
  barista: string;
  /**
   * A current QR token. The driver asks again when the API refused the one it sent (expired,
   * used up, unknown) and passes that one as `refused`: a source that keeps a token must replace
   * it then, or every start after a code's last drink is refused again, for good.
   */
  qr: (refused?: string) => Promise<string>;
  deadline: number;
  /** Time between status reads; with `watch`, the longest wait for an order's next event. */
  pollMs?: number;
  /**
   * Time between status reads of an order this driver does not own while it waits for its
   * customer (pollMs by default): nothing here can move it, it ends at the customer timeout,
   * so reading it as often as an order in play only adds requests to the shop under test.
   */
  orphanPollMs?: number;
  /** Wake on the order's events instead of polling (see `OrderWatch`). */
  watch?: OrderWatch;
  choice?: { drink: string; modifiers: Record<string, string> };
  /** How long an order this driver does not own may sit in PENDING before it gives up. */
  orphanAfterMs?: number;
  /** Called when a request is sent again: the answer status or network error, and the wait. */
  onRetry?: (reason: string, waitMs: number) => void;
  /**
   * How long a start (`POST /orders`) may take before it is sent again (default 10 s). A start
   * sent again after its first try went through comes back `ORDER_EXISTS` without the customer's
   * session, so a load that queues many starts on the one QR token should wait longer.
   */
  startTimeoutMs?: number;
  /** Act again on a status that has not moved for this long (default 3 s). */
  reactAfterMs?: number;
  /** Called with (route, ms) for every answered request; the benchmark's latency probe. */
  onLatency?: (route: string, ms: number) => void;
}

/**
 * Takes one order from scan to its end. Acts on the status it reads (so a retried action after
 * a crash is harmless: a 409 means it already happened or no longer applies), and acts again
 * only if the status has not moved for a while.
 */
export async function runOrder(
  shop: Shop,
  orderId: string,
  plan: OrderPlan,
  from: string,
): Promise<OrderRun> {
  const send = async (route: string, method: string, path: string, options: CallOptions = {}) => {
    const began = performance.now();
    const reply = await callRetrying(shop.base, method, path, {
      ...options,
      from,
      deadline: shop.deadline,
      onRetry: shop.onRetry,
    });
    shop.onLatency?.(route, performance.now() - began);
    return reply;
  };

  let customerToken: string | undefined;
  let owned = true;
  let refused: string | undefined;
  for (;;) {
    const token = await shop.qr(refused);
    const started = await send("POST /orders", "POST", "/orders", {
      body: { token, orderId },
      timeoutMs: shop.startTimeoutMs ?? 10_000,
    });
    if (started.status === 202) {
      customerToken = started.body.customerToken;
      break;
    }
    if (started.body?.error?.code === "ORDER_EXISTS") {
      owned = false; // our first try made it; its answer (and the customer's session) was lost
      break;
    }
    if (
      !["TOKEN_EXPIRED", "TOKEN_INVALID", "TOKEN_EXHAUSTED"].includes(started.body?.error?.code)
    ) {
      throw new Error(`start ${orderId}: ${started.status} ${JSON.stringify(started.body)}`);
    }
    if (Date.now() > shop.deadline) {
      throw new Error(
        `start ${orderId}: QR code refused until the deadline (${started.body.error.code})`,
      );
    }
    refused = token;
  }

  const seen: OrderStatus[] = [];
  let actedOn: { status: OrderStatus; at: number } | undefined;
  const pendingSince = Date.now();
  // The status an event just told; the order is read through the API when there is none.
  let told: OrderStatus | undefined;
  for (;;) {
    const version = shop.watch?.version(orderId) ?? 0;
    let status = told;
    if (status === undefined) {
      const view = await send("GET /orders/:id", "GET", `/orders/${orderId}`, {
        token: shop.barista,
      });
      if (view.status !== 200) throw new Error(`read ${orderId}: ${view.status}`);
      status = view.body.status as OrderStatus;
    }
    if (seen.at(-1) !== status) seen.push(status);
    if (TERMINAL.has(status)) {
      shop.watch?.forget(orderId);
      return { orderId, plan, owned, seen, final: status };
    }
    // An order this driver does not own (its start's answer was lost) that stays PENDING: its
    // execution should come from the retry's Invoke or the stack's pending-order reconciler;
    // the caller decides what to check after `orphanAfterMs` (the crash test never gives up).
    if (
      !owned &&
      status === "PENDING" &&
      Date.now() - pendingSince > (shop.orphanAfterMs ?? 15_000)
    ) {
      return { orderId, plan, owned, seen, final: status };
    }
    if (Date.now() > shop.deadline) {
      throw new Error(`${orderId} (${plan}, owned: ${owned}) stuck: ${seen.join(" → ")}`);
    }
    const fresh =
      actedOn?.status !== status || Date.now() - actedOn.at > (shop.reactAfterMs ?? 3_000);
    if (fresh) {
      const acted = await act(status);
      if (acted) actedOn = { status, at: Date.now() };
    }
    const waitsForCustomer = !customerToken && status === "AWAITING_ORDER";
    if (shop.watch) told = await shop.watch.changed(orderId, version, shop.pollMs ?? 2_000);
    else await sleep((waitsForCustomer ? shop.orphanPollMs : undefined) ?? shop.pollMs ?? 50);
  }

  async function act(status: OrderStatus): Promise<boolean> {
    const order = `/orders/${orderId}`;
    switch (status) {
      case "AWAITING_ORDER":
        if (!customerToken) return false; // an orphan: it ends at the customer timeout
        if (plan === "customer-cancels") {
          await send("POST /orders/:id/cancel", "POST", `${order}/cancel`, {
            token: customerToken,
          });
        } else {
          await send("PUT /orders/:id", "PUT", order, {
            token: customerToken,
            body: shop.choice ?? { drink: "latte", modifiers: { milk: "oat" } },
          });
        }
        return true;
      case "QUEUED":
        await send(
          `POST /orders/:id/${plan === "barista-cancels" ? "cancel" : "accept"}`,
          "POST",
          `${order}/${plan === "barista-cancels" ? "cancel" : "accept"}`,
          { token: shop.barista },
        );
        return true;
      case "ACCEPTED":
        await send("POST /orders/:id/complete", "POST", `${order}/complete`, {
          token: shop.barista,
        });
        return true;
      default:
        return false; // PENDING, READY: the workflow moves on by itself
    }
  }
}
