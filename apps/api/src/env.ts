/** The only reader of `process.env` in the API: every setting, validated with zod. */
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
  // Local stack only.
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default("localhost"),
  DATA_DIR: z.string().min(1).default(".data"),
  /** Where `pnpm` was run from (the repo root): relative DATA_DIR is resolved against it. */
  INIT_CWD: optionalText,
  ADMIN_PASSWORD: optionalText,
  BARISTA_PASSWORD: optionalText,
  DURABLE_RUNTIME_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  DYNAMODB_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  EVENTS_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  /** PENDING orders older than this are started again by the reconciler (pending-orders.ts). */
  PENDING_GRACE_SECONDS: z.coerce.number().min(0).default(30),
  /** `Invoke`s the reconciler sends at once (the local stack's sweeps and the scheduled Lambda). */
  PENDING_SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Open orders at least this old are checked for an execution that ended (ended-executions.ts). */
  OPEN_ORDER_MIN_AGE_SECONDS: z.coerce.number().min(0).default(120),
  /** At most this many open orders are checked per sweep, oldest first. */
  OPEN_ORDER_SWEEP_LIMIT: z.coerce.number().int().min(1).max(1000).default(50),
  /** How often the local stack runs the reconciler after its start-up run; 0 turns it off. */
  PENDING_SWEEP_SECONDS: z.coerce.number().min(0).default(10),
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

/**
 * Sets variables for the AWS SDK's default provider chain (endpoints, dummy credentials) in
 * this process; the local stack calls it before the first client is built. Kept here so that
 * `env.ts` stays the one place that touches `process.env`.
 */
export function exportToProcessEnv(values: Record<string, string>): void {
  Object.assign(process.env, values);
}
