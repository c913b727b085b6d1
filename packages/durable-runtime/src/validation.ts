import { z } from "zod";
import { invalidParameter } from "./errors.js";

/** Input checks at the runtime's public boundary; failures are Lambda's validation error. */
export const startExecutionSchema = z.object({
  functionName: z.string().min(1).max(170),
  input: z.unknown().optional(),
  executionName: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-zA-Z0-9_-]+$/, "letters, digits, '-' and '_' only")
    .optional(),
  qualifier: z.string().min(1).max(128).optional(),
});

export const errorObjectSchema = z
  .object({
    ErrorMessage: z.string().optional(),
    ErrorType: z.string().optional(),
    ErrorData: z.string().optional(),
    StackTrace: z.array(z.string()).optional(),
  })
  .optional();

export const checkpointSchema = z.object({
  CheckpointToken: z.string().min(1),
  Updates: z
    .array(
      z
        .object({
          Id: z.string().min(1),
          Type: z.string().min(1),
          Action: z.string().min(1),
        })
        .passthrough(),
    )
    .optional(),
  ClientToken: z.string().optional(),
});

export const pauseSchema = z
  .object({
    clientToken: z.string().min(1).max(64).optional(),
    reason: z.string().max(1024).optional(),
    executionTimeoutPaused: z.boolean().optional(),
  })
  .optional();

export const resumeSchema = z
  .object({
    clientToken: z.string().min(1).max(64).optional(),
    reason: z.string().max(1024).optional(),
  })
  .optional();

export const stateSchema = z.object({
  CheckpointToken: z.string().min(1),
  Marker: z.string().optional(),
  MaxItems: z.number().int().min(1).max(1000).optional(),
});

export const pageSchema = z.object({
  marker: z.string().optional(),
  maxItems: z.number().int().min(1).max(1000).optional(),
});

export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : what;
  throw invalidParameter(`${what}: ${field}: ${issue?.message ?? "invalid"}`);
}
