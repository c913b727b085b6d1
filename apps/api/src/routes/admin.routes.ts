/**
 * `/api/admin/*`: open or close the shop, edit limits and timeouts, the menu (drinks and their
 * options, whole) and stock (the ingredients named); admin only. Every change is published as a
 * shop event, which open pages follow live.
 */
import {
  limitsSchema,
  menuSchema,
  SHOP_EVENT_TYPES,
  stockSchema,
  timeoutsSchema,
} from "@coffee/shared";
import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../app-deps.js";
import { type AuthEnv, requireRole } from "../auth/auth.middleware.js";
import { validate } from "../validation.js";

const storeBody = z.object({ open: z.boolean() });
const menuBody = z
  .object({ menu: menuSchema.optional(), stock: stockSchema.optional() })
  .refine((b) => b.menu !== undefined || b.stock !== undefined, {
    message: "give menu, stock or both",
  });

const configBody = z
  .object({
    limits: limitsSchema.partial().optional(),
    timeouts: timeoutsSchema.partial().optional(),
  })
  .refine((b) => b.limits !== undefined || b.timeouts !== undefined, {
    message: "give limits, timeouts or both",
  });

export function adminRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use("/admin/*", requireRole("admin"))
    .get("/admin/stock", async (c) => c.json({ stock: await deps.shop.getStock() }))
    .put("/admin/store", validate("json", storeBody), async (c) => {
      const { open } = c.req.valid("json");
      await deps.shop.setStoreOpen(open);
      await deps.shopEvents.publishShopEvent(SHOP_EVENT_TYPES.storeStatusChanged, {
        storeOpen: open,
      });
      return c.json({ storeOpen: open });
    })
    .put("/admin/config", validate("json", configBody), async (c) => {
      const { limits, timeouts } = c.req.valid("json");
      const current = await deps.shop.getConfig();
      const config = {
        ...current,
        limits: { ...current.limits, ...limits },
        timeouts: { ...current.timeouts, ...timeouts },
      };
      await deps.shop.putConfig(config);
      await deps.shopEvents.publishShopEvent(SHOP_EVENT_TYPES.configChanged, config);
      return c.json(config);
    })
    .put("/admin/menu", validate("json", menuBody), async (c) => {
      const { menu, stock } = c.req.valid("json");
      if (menu) await deps.shop.putMenu(menu);
      // A restock names what it changes; the other ingredients stay as they are.
      if (stock) await deps.shop.setStockLevels(stock);
      const current = { menu: await deps.shop.getMenu(), stock: await deps.shop.getStock() };
      await deps.shopEvents.publishShopEvent(SHOP_EVENT_TYPES.menuChanged, { menu: current.menu });
      return c.json(current);
    });
}
