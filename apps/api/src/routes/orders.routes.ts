/** `/api/orders` and `/api/my-orders`: starting orders, choices, barista actions, reads. */
import { orderChoiceSchema, orderIdSchema, orderStatusSchema } from "@coffee/shared";
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { z } from "zod";
import type { AppDeps } from "../app-deps.js";
import { type AuthEnv, principalOf, requireRole, SESSION_COOKIE } from "../auth/auth.middleware.js";
import { validate } from "../validation.js";
import { createOrderHandlers } from "./orders.handlers.js";

const idParam = z.object({ id: orderIdSchema });
const startBody = z.object({
  token: z.string().min(1).max(200),
  /** Optional client-chosen id, so a retried start is the same order. */
  orderId: orderIdSchema.optional(),
});
const queueQuery = z.object({ status: orderStatusSchema.optional() });
const staff = requireRole("barista", "admin");

export function ordersRoutes(deps: AppDeps) {
  const orders = createOrderHandlers(deps);
  return new Hono<AuthEnv>()
    .post("/orders", validate("json", startBody), async (c) => {
      const setSession = (customerToken: string) =>
        setCookie(c, SESSION_COOKIE, customerToken, {
          httpOnly: true,
          sameSite: "Lax",
          secure: deps.secureCookies ?? false,
          path: "/api",
          maxAge: 12 * 3600,
        });
      // Set once the order is stored, so an error answer after that carries it too.
      const started = await orders.start(
        c.get("principal"),
        c.req.valid("json"),
        deps.clientIp(c.req.raw, c.env),
        setSession,
      );
      setSession(started.customerToken);
      return c.json(started, 202);
    })
    .get("/orders", staff, validate("query", queueQuery), async (c) =>
      c.json({ orders: await orders.queue(c.req.valid("query").status) }),
    )
    .get("/my-orders", requireRole("customer", "barista", "admin"), async (c) =>
      c.json({ orders: await orders.mine(principalOf(c)) }),
    )
    .get(
      "/orders/:id",
      requireRole("customer", "barista", "admin"),
      validate("param", idParam),
      async (c) => c.json(await orders.get(principalOf(c), c.req.valid("param").id)),
    )
    .put(
      "/orders/:id",
      requireRole("customer"),
      validate("param", idParam),
      validate("json", orderChoiceSchema),
      async (c) =>
        c.json(
          await orders.submit(principalOf(c), c.req.valid("param").id, c.req.valid("json")),
          202,
        ),
    )
    .post(
      "/orders/:id/cancel",
      requireRole("customer", "barista", "admin"),
      validate("param", idParam),
      async (c) => c.json(await orders.act(principalOf(c), c.req.valid("param").id, "cancel"), 202),
    )
    .post("/orders/:id/accept", staff, validate("param", idParam), async (c) =>
      c.json(await orders.act(principalOf(c), c.req.valid("param").id, "accept"), 202),
    )
    .post("/orders/:id/unaccept", staff, validate("param", idParam), async (c) =>
      c.json(await orders.act(principalOf(c), c.req.valid("param").id, "unaccept"), 202),
    )
    .post("/orders/:id/complete", staff, validate("param", idParam), async (c) =>
      c.json(await orders.act(principalOf(c), c.req.valid("param").id, "complete"), 202),
    );
}
