/** Calling a running shop's API over HTTP as a browser would (fetch, from 127.0.0.1). */

export interface ApiAnswer {
  status: number;
  /** The parsed JSON body, if any. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape each route answers
  body: any;
  text: string;
  headers: Headers;
}

/** `call(method, path, {token, body})` against `${base}${path}` (base: `…/api`). */
export type ApiCall = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<ApiAnswer>;

/** An `ApiCall` on `base`, or on whatever `base()` answers now (a restarted stack's port). */
export function apiCaller(base: string | (() => string)): ApiCall {
  return async (method, path, options = {}) => {
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
