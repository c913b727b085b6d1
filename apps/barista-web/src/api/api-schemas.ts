/** Shapes of the API's answers, checked at the boundary (the documented routes of apps/api). */
import { menuSchema, orderSchema, publicConfigSchema, stockSchema } from "@coffee/shared";
import { z } from "zod";

export const roleSchema = z.enum(["customer", "barista", "admin"]);
export type Role = z.infer<typeof roleSchema>;

export const loginSchema = z.object({ token: z.string().min(1), id: z.string(), role: roleSchema });
export type StaffSession = z.infer<typeof loginSchema>;

export const startedOrderSchema = z.object({
  orderId: z.string().min(1),
  customerToken: z.string().min(1),
});
export type StartedOrder = z.infer<typeof startedOrderSchema>;

export const orderViewSchema = orderSchema;
export type OrderView = z.infer<typeof orderViewSchema>;
export const orderListSchema = z.object({ orders: z.array(orderSchema) });

export const qrCodeSchema = z.object({
  token: z.string().min(1),
  drinks: z.number().int(),
  remaining: z.number().int(),
  rotatesAt: z.string(),
  expiresAt: z.string(),
});
export type QrCodeInfo = z.infer<typeof qrCodeSchema>;

export { publicConfigSchema };
export const menuAndStockSchema = z.object({ menu: menuSchema, stock: stockSchema });
export const stockResponseSchema = z.object({ stock: stockSchema });
export const storeResponseSchema = z.object({ storeOpen: z.boolean() });

export const timelineOperationSchema = z.object({
  id: z.string(),
  parentId: z.string().optional(),
  type: z.string(),
  subType: z.string().optional(),
  name: z.string().optional(),
  status: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  attempts: z.number().optional(),
  timeoutSeconds: z.number().optional(),
  heartbeatTimeoutSeconds: z.number().optional(),
  scheduledEndAt: z.string().optional(),
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).optional(),
});
export type TimelineOperation = z.infer<typeof timelineOperationSchema>;

export const executionTimelineSchema = z.object({
  orderId: z.string(),
  executionArn: z.string(),
  name: z.string(),
  status: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  invocations: z.number(),
  operations: z.array(timelineOperationSchema),
});
export type ExecutionTimeline = z.infer<typeof executionTimelineSchema>;

export const errorBodySchema = z.object({
  error: z.looseObject({ code: z.string(), message: z.string() }),
});
