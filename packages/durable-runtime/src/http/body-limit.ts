import { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * Hono's `bodyLimit`, without what it costs every request under `@hono/node-server`: it reads
 * `c.req.raw.body`, which makes the adapter build a full web `Request` and body stream (for a
 * GET too) and sends the handler's `c.req.text()` through web streams instead of its direct
 * read. Node's HTTP parser holds a body to its Content-Length, and a request with neither
 * Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3), so such requests are
 * decided from the headers; a chunked body, or a request that did not come through
 * `node:http` (`app.request()` in tests), is counted by Hono's `bodyLimit` as before.
 */
export function limitBody(options: {
  maxSize: number;
  onError: (c: Context) => Response | Promise<Response>;
}): MiddlewareHandler {
  const counting = bodyLimit(options);
  return async (c, next) => {
    const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
    if (!(incoming instanceof IncomingMessage) || incoming.headers["transfer-encoding"]) {
      return counting(c, next);
    }
    const length = incoming.headers["content-length"];
    if (length !== undefined && Number(length) > options.maxSize) return options.onError(c);
    await next();
  };
}
