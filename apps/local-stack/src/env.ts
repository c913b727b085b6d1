/**
 * The only reader of `process.env` in the local stack: the API's settings (`readEnv` from
 * `@coffee/api`, as in AWS) plus what only the local stack reads, validated with zod.
 */
import { type ApiEnv, readEnv } from "@coffee/api";
import { z } from "zod";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

const localSchema = z.object({
  PORT: port(3000),
  HOST: z.string().default("localhost"),
  DATA_DIR: z.string().min(1).default(".data"),
  /** Where `pnpm` was run from (the repo root): relative DATA_DIR is resolved against it. */
  INIT_CWD: optionalText,
  ADMIN_PASSWORD: optionalText,
  BARISTA_PASSWORD: optionalText,
  DURABLE_RUNTIME_PORT: port(0),
  DYNAMODB_PORT: port(0),
  /**
   * A DynamoDB-compatible server to use instead of starting dynalite (DynamoDB Local, another
   * dynalite, a metering proxy): the stack creates its tables there if they are missing.
   */
  DYNAMODB_URL: z.url().optional(),
  EVENTS_PORT: port(0),
  /** How often the local stack runs the reconciler after its start-up run; 0 turns it off. */
  PENDING_SWEEP_SECONDS: z.coerce.number().min(0).default(10),
});

export type LocalStackEnv = ApiEnv & z.infer<typeof localSchema>;

/** Parses the environment (or `source`), with a readable error naming the bad variable. */
export function readLocalEnv(
  source: Record<string, string | undefined> = process.env,
): LocalStackEnv {
  const result = localSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid environment: ${problems.join("; ")}`);
  }
  return { ...readEnv(source), ...result.data };
}

/**
 * Sets variables for the AWS SDK's default provider chain (endpoints, dummy credentials) in
 * this process; the local stack calls it before the first client is built. Kept here so that
 * `env.ts` stays the one place that touches `process.env`.
 */
export function exportToProcessEnv(values: Record<string, string>): void {
  Object.assign(process.env, values);
}
