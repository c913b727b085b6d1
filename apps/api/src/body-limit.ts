/**
 * The API's body limit: every body it takes is a small JSON object, checked before anything
 * reads it (a Content-Length over the limit is refused unread, a chunked body once it grows
 * past the limit).
 */
import { IncomingMessage } from "node:http";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./api-error.js";

/**
 * Hono's `bodyLimit` reads `c.req.raw.body`, which under `@hono/node-server` builds a whole
 * web `Request` and body stream for every request (a GET too) and sends the route's
 * `c.req.json()` through web streams instead of the adapter's direct read. Behind `node:http`
 * (the local stack) the headers decide instead: Node's parser holds a body to its
 * Content-Length, and a request with neither that nor Transfer-Encoding has none (RFC 9112
 * §6.3). Chunked bodies, and requests from other adapters (Lambda, tests), are counted.
 */
export function limitRequestBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new ApiError("PAYLOAD_TOO_LARGE", `request body is larger than ${maxBytes} bytes`);
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const incoming: unknown = (c.env as { incoming?: unknown } | undefined)?.incoming;
    if (incoming instanceof IncomingMessage && !incoming.headers["transfer-encoding"]) {
      const declared = incoming.headers["content-length"];
      if (declared !== undefined && Number(declared) > maxBytes) tooLarge();
      await next();
      return;
    }
    return counted(c, next);
  };
}
