/** Calling a running stack's API over HTTP as a browser would, for the integration tests. */
import { expect } from "vitest";

export interface ApiAnswer {
  status: number;
  /** The parsed JSON body, if any. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape each route answers
  body: any;
  text: string;
  headers: Headers;
}

/** `call(method, path, {token, body})` against `${base}${path}` (base: `…/api`). */
export function apiCaller(base: string | (() => string)) {
  return async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<ApiAnswer> => {
    const res = await fetch(`${typeof base === "string" ? base : base()}${path}`, {
      method,
      // Spreads: an undefined header value would be sent as the text "undefined".
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? JSON.parse(text) : undefined,
      text,
      headers: res.headers,
    };
  };
}

/** Waits (up to 10 s) until `GET /orders/:id` with the customer's `token` shows `status`. */
export async function customerSeesStatus(
  call: ReturnType<typeof apiCaller>,
  orderId: string,
  token: string,
  status: string,
): Promise<void> {
  await expect
    .poll(async () => (await call("GET", `/orders/${orderId}`, { token })).body?.status, {
      timeout: 10_000,
      interval: 25,
    })
    .toBe(status);
}
