/**
 * A full disk refuses writes up front. Where the deployment keeps its data on a disk of its own
 * (the local stack's DATA_DIR), a write request is answered 503 with the cause while that disk
 * is full, before any store tries the write: otherwise one store may take its part (SQLite can
 * reuse space in its write-ahead log) while the next one fails, and the caller gets a 202 for an
 * order that cannot move on until there is space again. Reads and sign-ins go through.
 */
import type { MiddlewareHandler } from "hono";
import type { AppDeps } from "./app-deps.js";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Write methods that store nothing: a sign-in only checks a password and signs a token. */
const STORES_NOTHING = new Set(["/api/auth/login"]);

export function refuseWritesOnStorageFault(deps: Pick<AppDeps, "storageFault">): MiddlewareHandler {
  return async (c, next) => {
    if (deps.storageFault && WRITES.has(c.req.method) && !STORES_NOTHING.has(c.req.path)) {
      const fault = await deps.storageFault("before-write");
      if (fault) return c.json({ error: { code: fault.code, message: fault.message } }, 503);
    }
    await next();
  };
}
