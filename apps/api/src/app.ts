/** `createApp(deps)`: the whole HTTP API under `/api`, the same in Lambda and in the local stack. */
import { DataError, type DataErrorCode } from "@coffee/data";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { ApiError } from "./api-error.js";
import type { AppDeps } from "./app-deps.js";
import { type AuthEnv, authenticate } from "./auth/auth.middleware.js";
import { CachedShopStore } from "./cached-shop.js";
import { adminRoutes } from "./routes/admin.routes.js";
import { authRoutes } from "./routes/auth.routes.js";
import { configRoutes } from "./routes/config.routes.js";
import { eventsRoutes } from "./routes/events.routes.js";
import { executionsRoutes } from "./routes/executions.routes.js";
import { ordersRoutes } from "./routes/orders.routes.js";
import { qrCodeRoutes } from "./routes/qr-code.routes.js";
import { refuseWritesOnStorageFault } from "./storage-guard.js";

const DATA_ERRORS: Partial<Record<DataErrorCode, { code: string; status: 404 | 409 }>> = {
  ORDER_NOT_FOUND: { code: "NOT_FOUND", status: 404 },
  TRANSITION_REJECTED: { code: "INVALID_STATE", status: 409 },
};

/** 16 KiB: the largest real body (an admin's whole menu) is a few KiB. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export function createApp(appDeps: AppDeps) {
  const deps: AppDeps = {
    ...appDeps,
    shop: new CachedShopStore(appDeps.shop, {
      ttlMs: appDeps.shopCacheMs ?? 5000,
      now: () => Date.now(),
    }),
  };
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = new Hono<AuthEnv>()
    .basePath("/api")
    .use(
      "*",
      secureHeaders({
        // The API answers JSON and event streams only: nothing may be framed or scripted.
        contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
        crossOriginResourcePolicy: "same-site",
      }),
    )
    .use(
      "*",
      cors({
        // Only the web app's origin; same-origin requests need no CORS at all.
        origin: (origin) => (deps.webOrigin && origin === deps.webOrigin ? origin : null),
        allowHeaders: ["Authorization", "Content-Type", "Last-Event-ID"],
        allowMethods: ["GET", "POST", "PUT"],
        credentials: true,
        maxAge: 600,
      }),
    )
    .use(
      "*",
      // Every body the API takes is a small JSON object. Checked before anything reads it:
      // a Content-Length over the limit is refused unread, a chunked body once it grows past it.
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: () => {
          throw new ApiError(
            "PAYLOAD_TOO_LARGE",
            `request body is larger than ${maxBodyBytes} bytes`,
          );
        },
      }),
    )
    .use("*", refuseWritesOnStorageFault(deps))
    .use("*", authenticate(deps.sessions))
    .route("/", configRoutes(deps))
    .route("/", authRoutes(deps))
    .route("/", adminRoutes(deps))
    .route("/", qrCodeRoutes(deps))
    .route("/", executionsRoutes(deps))
    .route("/", ordersRoutes(deps))
    .route("/", eventsRoutes(deps));

  app.notFound((c) =>
    c.json(
      { error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );
  app.onError(async (error, c) => {
    // A server-side failure on a full or read-only disk: say so, with the cause (503).
    if (!isCallersError(error) && deps.storageFault) {
      const fault = await deps.storageFault("after-failure");
      if (fault) {
        console.error("storage fault", c.req.method, c.req.path, fault.message);
        return c.json({ error: { code: fault.code, message: fault.message } }, 503);
      }
    }
    if (error instanceof ApiError) {
      if (error.code === "RATE_LIMITED")
        c.header("Retry-After", String(error.details.retryAfter ?? 1));
      return c.json(
        { error: { code: error.code, message: error.message, ...error.details } },
        error.status,
      );
    }
    // The data layer's conditional writes lost a race: the same answers as our own checks.
    if (error instanceof DataError) {
      const mapped = DATA_ERRORS[error.code];
      if (mapped)
        return c.json({ error: { code: mapped.code, message: error.message } }, mapped.status);
    }
    // Hono's own 400s (malformed JSON, wrong content type) are validation failures too.
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(
        {
          error: {
            code: error.status === 400 ? "VALIDATION_FAILED" : "BAD_REQUEST",
            message: error.message,
          },
        },
        error.status,
      );
    }
    // Anything else is our bug: log it here, tell the caller nothing about the internals.
    console.error("unhandled error", c.req.method, c.req.path, error);
    return c.json({ error: { code: "INTERNAL", message: "something went wrong; try again" } }, 500);
  });

  return app;
}

/** Errors answered with a 4xx: the request's own, not the server's. */
function isCallersError(error: Error): boolean {
  if (error instanceof ApiError || error instanceof HTTPException) return error.status < 500;
  return error instanceof DataError && DATA_ERRORS[error.code] !== undefined;
}

/** The API's type, for the web app's typed client: `hc<AppType>("/")`. */
export type AppType = ReturnType<typeof createApp>;
