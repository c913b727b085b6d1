/** The only reader of `process.env` in the API: every setting it reads in AWS, validated with zod. */
import { ORDERS_WORKFLOW_FUNCTION } from "@coffee/shared";
import { z } from "zod";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const envSchema = z.object({
  ORDERS_TABLE: z.string().min(3).default("coffee-orders"),
  SHOP_TABLE: z.string().min(3).default("coffee-shop"),
  EVENT_BUS_NAME: z.string().min(1).default("coffee"),
  WORKFLOW_FUNCTION_NAME: z.string().min(1).default(ORDERS_WORKFLOW_FUNCTION),
  WORKFLOW_QUALIFIER: optionalText,
  /** HMAC key for session tokens (32+ characters); required in AWS, generated under DATA_DIR locally. */
  SESSION_SECRET: optionalText,
  /** The web app's origin when it is served from another one (CORS); none when same-origin. */
  WEB_ORIGIN: optionalText.pipe(z.url().optional()),
  COGNITO_REGION: optionalText,
  COGNITO_USER_POOL_ID: optionalText,
  COGNITO_CLIENT_ID: optionalText,
  /** Largest request body the API reads, in bytes; larger ones get 413 PAYLOAD_TOO_LARGE. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(16 * 1024),
  /** PENDING orders older than this are started again by the reconciler (pending-orders.ts). */
  PENDING_GRACE_SECONDS: z.coerce.number().min(0).default(30),
  /** `Invoke`s the reconciler sends at once (the local stack's sweeps and the scheduled Lambda). */
  PENDING_SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Open orders at least this old are checked for an execution that ended (ended-executions.ts). */
  OPEN_ORDER_MIN_AGE_SECONDS: z.coerce.number().min(0).default(120),
  /** At most this many open orders are checked per sweep, oldest first. */
  OPEN_ORDER_SWEEP_LIMIT: z.coerce.number().int().min(1).max(1000).default(50),
});

export type ApiEnv = z.infer<typeof envSchema>;

/** Parses the environment (or `source`), with a readable error naming the bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid environment: ${problems.join("; ")}`);
  }
  return result.data;
}
