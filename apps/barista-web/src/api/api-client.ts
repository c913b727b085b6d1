/**
 * A small typed client for the API's documented routes (design.md, "The API"): every answer is
 * checked with zod, every failure becomes an `ApiError` with the server's machine code.
 */
import type { Limits, Menu, OrderAction, OrderChoice, Stock, Timeouts } from "@coffee/shared";
import { shopConfigSchema } from "@coffee/shared";
import type { z } from "zod";
import { ApiError } from "./api-error.js";
import {
  errorBodySchema,
  executionTimelineSchema,
  loginSchema,
  menuAndStockSchema,
  orderListSchema,
  publicConfigSchema,
  publicOrderSchema,
  qrCodeSchema,
  startedOrderSchema,
  stockResponseSchema,
  storeResponseSchema,
} from "./api-schemas.js";

export interface ApiClientOptions {
  /** Where `/api` lives: "" for the same origin (the default). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export type BaristaAction = Exclude<OrderAction, "choose">;

export function createApiClient(options: ApiClientOptions = {}) {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    init: { body?: unknown; token?: string | undefined } = {},
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let response: Response;
    try {
      response = await doFetch(`${base}/api${path}`, {
        method,
        headers,
        credentials: "same-origin",
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch (cause) {
      throw new ApiError("NETWORK", `${method} ${path}: no answer`, { cause });
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const body = errorBodySchema.safeParse(json);
      if (body.success) {
        // Details come beside the code (`status`) or, for refused starts, in `details`
        // (`details.orderId`): the error carries both the same way.
        const { code, message, details: nested, ...beside } = body.data.error;
        const details = { ...beside, ...(isRecord(nested) ? nested : {}) };
        throw new ApiError(code, message, { status: response.status, details });
      }
      // A proxy or load balancer answering while the API is away counts as "no answer".
      const code = response.status >= 500 ? "NETWORK" : "BAD_RESPONSE";
      throw new ApiError(code, `${method} ${path}: HTTP ${response.status}`, {
        status: response.status,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError("BAD_RESPONSE", `${method} ${path}: unexpected answer`, {
        status: response.status,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  return {
    config: () => call("GET", "/config", publicConfigSchema),
    login: (username: string, password: string) =>
      call("POST", "/auth/login", loginSchema, { body: { username, password } }),
    qrCode: (token: string) => call("GET", "/qr-code", qrCodeSchema, { token }),

    startOrder: (qrToken: string) =>
      call("POST", "/orders", startedOrderSchema, { body: { token: qrToken } }),
    order: (orderId: string, token: string) =>
      call("GET", `/orders/${encodeURIComponent(orderId)}`, publicOrderSchema, { token }),
    /** Answers the order as the choice leads it (QUEUED, no number yet), `pending`. */
    submitChoice: (orderId: string, choice: OrderChoice, token: string) =>
      call("PUT", `/orders/${encodeURIComponent(orderId)}`, publicOrderSchema, {
        body: choice,
        token,
      }),
    /** Answers the order as the action leads it, `pending` until the workflow writes it. */
    act: (orderId: string, action: BaristaAction, token: string) =>
      call("POST", `/orders/${encodeURIComponent(orderId)}/${action}`, publicOrderSchema, {
        token,
      }),
    /** The customer's own orders (the session cookie when no token is given). */
    myOrders: async (token?: string) =>
      (await call("GET", "/my-orders", orderListSchema, { token })).orders,
    openOrders: async (token: string) =>
      (await call("GET", "/orders", orderListSchema, { token })).orders,

    setStoreOpen: (open: boolean, token: string) =>
      call("PUT", "/admin/store", storeResponseSchema, { body: { open }, token }),
    stock: async (token: string) =>
      (await call("GET", "/admin/stock", stockResponseSchema, { token })).stock,
    putMenu: (change: { menu?: Menu; stock?: Stock }, token: string) =>
      call("PUT", "/admin/menu", menuAndStockSchema, { body: change, token }),
    putShopConfig: (
      change: { limits?: Partial<Limits>; timeouts?: Partial<Timeouts> },
      token: string,
    ) => call("PUT", "/admin/config", shopConfigSchema, { body: change, token }),

    execution: (orderId: string, token: string) =>
      call("GET", `/orders/${encodeURIComponent(orderId)}/execution`, executionTimelineSchema, {
        token,
      }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
