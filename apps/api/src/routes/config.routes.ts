/** `GET /api/config`: whether the shop is open, the menu and the limits; public. */
import { Hono } from "hono";
import type { AppDeps } from "../app-deps.js";
import type { AuthEnv } from "../auth/auth.middleware.js";

export function configRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get("/config", async (c) => {
    const [config, menu] = await Promise.all([deps.shop.getConfig(), deps.shop.getMenu()]);
    return c.json({ ...config, menu });
  });
}
