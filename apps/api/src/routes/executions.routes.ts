/**
 * `GET /api/orders/:id/execution`: the order's durable execution, shaped for the inspector,
 * with the order's own status and end reason beside the execution's (a cancelled order's
 * execution SUCCEEDED: the workflow handled the cancel).
 */
import { orderIdSchema } from "@coffee/shared";
import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../api-error.js";
import type { AppDeps } from "../app-deps.js";
import { type AuthEnv, requireRole } from "../auth/auth.middleware.js";
import { validate } from "../validation.js";

export function executionsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>().get(
    "/orders/:id/execution",
    requireRole("barista", "admin"),
    validate("param", z.object({ id: orderIdSchema })),
    async (c) => {
      const { id } = c.req.valid("param");
      const record = await deps.orders.getRecord(id);
      if (!record) throw new ApiError("NOT_FOUND", `no order ${id}`);
      const timeline = await deps.workflow.timeline(id);
      if (!timeline) throw new ApiError("NOT_FOUND", `order ${id} has no durable execution yet`);
      const { status, reason } = record.order;
      return c.json({ orderId: id, order: { status, reason }, ...timeline });
    },
  );
}
