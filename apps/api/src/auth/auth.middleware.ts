/** Reads the session (Bearer header or cookie) and enforces roles on the server. */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../api-error.js";
import type { Principal, Role } from "./principal.js";
import type { SessionTokens } from "./session-tokens.js";

export const SESSION_COOKIE = "coffee_session";

export type AuthEnv = { Variables: { principal: Principal | undefined } };

/** The token a request carries, header first (scripts), then the cookie (browsers). */
export function sessionTokenOf(c: Context): string | undefined {
  const header = c.req.header("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError("UNAUTHENTICATED", "Authorization must be `Bearer <token>`");
    return match[1];
  }
  return getCookie(c, SESSION_COOKIE);
}

/** Sets `principal` when the request carries a valid session; a bad one is a 401. */
export function authenticate(sessions: SessionTokens) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const token = sessionTokenOf(c);
    c.set("principal", token ? await sessions.verify(token) : undefined);
    await next();
  });
}

/** 401 without a session, 403 with a session of another role. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const principal = c.get("principal");
    if (!principal) throw new ApiError("UNAUTHENTICATED", "sign in first");
    if (!roles.includes(principal.role)) {
      throw new ApiError("FORBIDDEN", `this needs the role ${roles.join(" or ")}`);
    }
    await next();
  });
}

export function principalOf(c: Context<AuthEnv>): Principal {
  const principal = c.get("principal");
  if (!principal) throw new ApiError("UNAUTHENTICATED", "sign in first");
  return principal;
}
