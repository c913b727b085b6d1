/** The workflow's environment: table and bus names, read once, on first use. */
import { z } from "zod";

const envSchema = z.object({
  ORDERS_TABLE: z.string().min(1).default("coffee-orders"),
  SHOP_TABLE: z.string().min(1).default("coffee-shop"),
  EVENT_BUS_NAME: z.string().min(1).default("coffee"),
});

export type WorkflowEnv = z.infer<typeof envSchema>;

let cached: WorkflowEnv | undefined;

/**
 * Read lazily, on the first invocation rather than at import, so an in-process local stack can
 * set `process.env` after loading the module and before the first order.
 */
export function workflowEnv(): WorkflowEnv {
  cached ??= envSchema.parse(process.env);
  return cached;
}
