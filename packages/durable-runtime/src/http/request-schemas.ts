import { z } from "zod";
import { invalidParameter, LambdaHttpError } from "./lambda-error.js";

/**
 * Zod schemas for every input the HTTP face reads: path labels, query strings, headers and
 * bodies, with Lambda's constraints. `parseInput` turns a failure into the
 * `InvalidParameterValueException` Lambda answers, naming the offending field.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  field: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [field, ...(issue?.path ?? [])].join(".");
  throw invalidParameter(
    `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${issue?.message ?? "invalid value"}`,
  );
}

/** Parses a JSON request body; an unparsable body is `InvalidRequestContentException`, as on Lambda. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LambdaHttpError(
      "InvalidRequestContentException",
      400,
      `Could not parse request body into json: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

// FunctionName as Invoke accepts it: a name, `name:qualifier`, a partial or a full function ARN.
const functionNamePattern =
  /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:[a-z]{2}(?:-gov)?-[a-z]+-\d:)?(?:\d{12}:)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

export const functionNameSchema = z
  .string()
  .min(1)
  .max(170)
  .transform((value, ctx) => {
    const match = functionNamePattern.exec(value);
    if (!match?.[1]) {
      ctx.addIssue({ code: "custom", message: "Member must be a function name or function ARN" });
      return z.NEVER;
    }
    return { name: match[1], qualifier: match[2] };
  });

export const qualifierSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^(\$LATEST|[a-zA-Z0-9_-]+)$/,
    "Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)",
  )
  .optional();

export const executionNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9_-]+$/, "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+");

export const invocationTypeSchema = z
  .enum(["Event", "RequestResponse", "DryRun"])
  .optional()
  .default("RequestResponse");

export const executionArnSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^arn:[a-z-]+:lambda:/, "Member must be a durable execution ARN");

export const callbackIdSchema = z.string().min(1).max(1024);

export const checkpointTokenSchema = z.string().min(1).max(2048);

const booleanQuery = z
  .enum(["true", "false"], { message: "Member must be true or false" })
  .transform((value) => value === "true")
  .optional();

const maxItemsQuery = z
  .string()
  .regex(/^\d+$/, "Member must be an integer")
  .transform(Number)
  .pipe(z.number().int().min(0).max(1000))
  .optional();

const markerQuery = z.string().min(1).max(1024).optional();

// client-lambda writes query timestamps as ISO 8601; epoch seconds are accepted as well.
const timestampQuery = z
  .string()
  .transform((value, ctx) => {
    const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "Member must be an ISO 8601 timestamp" });
      return z.NEVER;
    }
    return date;
  })
  .optional();

export const executionStatusSchema = z.enum([
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "STOPPED",
]);

export const getExecutionQuerySchema = z.object({ IncludeExecutionData: booleanQuery });

export const historyQuerySchema = z.object({
  IncludeExecutionData: booleanQuery,
  MaxItems: maxItemsQuery,
  Marker: markerQuery,
  ReverseOrder: booleanQuery,
});

export const listQuerySchema = z.object({
  Qualifier: qualifierSchema,
  DurableExecutionName: executionNameSchema.optional(),
  Statuses: z.array(executionStatusSchema).max(5).optional(),
  StartedAfter: timestampQuery,
  StartedBefore: timestampQuery,
  ReverseOrder: booleanQuery,
  Marker: markerQuery,
  MaxItems: maxItemsQuery,
});

export const stateQuerySchema = z.object({
  CheckpointToken: checkpointTokenSchema,
  Marker: markerQuery,
  MaxItems: maxItemsQuery,
});

export const errorObjectSchema = z.object({
  ErrorMessage: z.string().optional(),
  ErrorType: z.string().optional(),
  ErrorData: z.string().optional(),
  StackTrace: z.array(z.string()).optional(),
});

const seconds = z.number().int().min(0);

export const operationUpdateSchema = z.object({
  Id: z.string().min(1).max(64),
  Type: z.enum(["EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE"]),
  Action: z.enum(["START", "SUCCEED", "FAIL", "RETRY", "CANCEL"]),
  ParentId: z.string().min(1).max(64).optional(),
  Name: z.string().max(256).optional(),
  SubType: z.string().max(32).optional(),
  Payload: z.string().optional(),
  Error: errorObjectSchema.optional(),
  ContextOptions: z.looseObject({ ReplayChildren: z.boolean().optional() }).optional(),
  StepOptions: z.looseObject({ NextAttemptDelaySeconds: seconds.optional() }).optional(),
  WaitOptions: z.looseObject({ WaitSeconds: seconds.optional() }).optional(),
  CallbackOptions: z
    .looseObject({
      TimeoutSeconds: seconds.optional(),
      HeartbeatTimeoutSeconds: seconds.optional(),
    })
    .optional(),
  ChainedInvokeOptions: z
    .looseObject({ FunctionName: z.string().min(1), TenantId: z.string().optional() })
    .optional(),
});

export const checkpointBodySchema = z.object(
  {
    CheckpointToken: checkpointTokenSchema,
    Updates: z.array(operationUpdateSchema).optional(),
    ClientToken: z.string().min(1).max(64).optional(),
  },
  { message: "Member must be a JSON object" },
);
