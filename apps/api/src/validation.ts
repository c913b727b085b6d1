/** Zod validation for request bodies, queries and params, with 400s that name the field. */
import type { ValidationTargets } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { ApiError } from "./api-error.js";

/** A readable sentence from the first zod issue: `body.modifiers.milk: Invalid option`. */
export function describeIssues(target: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = [target, ...issue.path.map(String)].join(".");
      return `${path}: ${issue.message}`;
    })
    .join("; ");
}

const TARGET_NAMES: Record<string, string> = {
  json: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "cookie",
  form: "form",
};

/**
 * Hono validator middleware backed by a zod schema; typed, so `c.req.valid(target)` and the
 * `hc` client both see the parsed type.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  return validator(target, (value): z.output<Schema> => {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new ApiError(
        "VALIDATION_FAILED",
        describeIssues(TARGET_NAMES[target] ?? target, result.error),
      );
    }
    return result.data;
  });
}
