/** Shapes of the API's answers, checked at the boundary (the documented routes of apps/api). */
import type { ExecutionTimeline, TimelineOperation } from "@coffee/execution-timeline";
import {
  menuSchema,
  orderEndReasonSchema,
  orderStatusSchema,
  publicConfigSchema,
  publicOrderSchema,
  stockSchema,
} from "@coffee/shared";
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

/** Every order the API answers is the shared public shape (`pending` on an action's answer). */
export { publicOrderSchema };
export const orderListSchema = z.object({ orders: z.array(publicOrderSchema) });

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

const timelineErrorSchema = z.object({
  type: z.string().optional(),
  message: z.string().optional(),
  data: z.string().optional(),
  stackTrace: z.array(z.string()).optional(),
});
export const timelineOperationSchema = z.object({
  id: z.string(),
  parentId: z.string().optional(),
  type: z.enum(["EXECUTION", "STEP", "WAIT", "CALLBACK", "CONTEXT", "CHAINED_INVOKE"]),
  subType: z.string().optional(),
  name: z.string().optional(),
  status: z.enum([
    "STARTED",
    "RETRYING",
    "SUCCEEDED",
    "FAILED",
    "TIMED_OUT",
    "CANCELLED",
    "STOPPED",
  ]),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  input: z.string().optional(),
  result: z.string().optional(),
  error: timelineErrorSchema.optional(),
  attempts: z
    .array(
      z.object({
        attempt: z.number(),
        startedAt: z.string().optional(),
        endedAt: z.string().optional(),
        error: timelineErrorSchema.optional(),
        nextAttemptDelaySeconds: z.number().optional(),
      }),
    )
    .optional(),
  nextAttemptAt: z.string().optional(),
  waitSeconds: z.number().optional(),
  scheduledEndAt: z.string().optional(),
  timeoutSeconds: z.number().optional(),
  heartbeatTimeoutSeconds: z.number().optional(),
  functionName: z.string().optional(),
  childExecutionArn: z.string().optional(),
}) satisfies z.ZodType<TimelineOperation>;

/** The order's execution: the shared timeline model, with the order's own outcome beside it. */
export const executionTimelineSchema = z.object({
  orderId: z.string(),
  order: z.object({ status: orderStatusSchema, reason: orderEndReasonSchema.optional() }),
  executionArn: z.string(),
  name: z.string(),
  functionName: z.string().optional(),
  status: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  input: z.string().optional(),
  result: z.string().optional(),
  error: timelineErrorSchema.optional(),
  invocations: z.array(
    z.object({
      startedAt: z.string().optional(),
      endedAt: z.string().optional(),
      requestId: z.string().optional(),
      error: timelineErrorSchema.optional(),
    }),
  ),
  operations: z.array(timelineOperationSchema),
}) satisfies z.ZodType<ExecutionTimeline>;
export type OrderExecution = z.infer<typeof executionTimelineSchema>;

export const errorBodySchema = z.object({
  error: z.looseObject({ code: z.string(), message: z.string() }),
});
