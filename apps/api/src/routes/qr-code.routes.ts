/**
 * `GET /api/qr-code`: the current customer token for the display (staff session). It rotates
 * every `tokenRotationSeconds` and allows `drinksPerToken` orders.
 */
import { Hono } from "hono";
import type { AppDeps } from "../app-deps.js";
import { type AuthEnv, requireRole } from "../auth/auth.middleware.js";

export function qrCodeRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get("/qr-code", requireRole("barista", "admin"), async (c) => {
    const { limits } = await deps.shop.getConfig();
    const token = await deps.qrTokens.current(deps.now(), {
      rotationSeconds: limits.tokenRotationSeconds,
      drinksPerToken: limits.drinksPerToken,
    });
    return c.json({
      token: token.token,
      drinks: token.drinks,
      remaining: Math.max(0, token.drinks - token.used),
      rotatesAt: new Date(token.rotatesAt).toISOString(),
      expiresAt: new Date(token.expiresAt).toISOString(),
    });
  });
}
