import { z } from "zod";
import { MAX_PAYLOAD_BYTES, matching, maxLength, minLength } from "../lambda-limits.js";
import { invalidParameter, LambdaHttpError, validationError } from "./lambda-error.js";

/**
 * Zod schemas for every input the HTTP face reads: path labels, query strings, headers and
 * bodies, with the constraints of Lambda's model (botocore / client-lambda). `parseInput` turns
 * a failure into what Lambda answers: a value outside a constraint (length, pattern, range,
 * enum) is `ValidationException`, anything else that cannot be read (a number that is not one,
 * a body of the wrong shape) `InvalidParameterValueException`; both name the field.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  field: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // Lambda names members in lowerCamelCase ('functionName', 'maxItems').
  const segments = [field, ...(issue?.path ?? []).map(String)].filter(Boolean);
  const path = segments.map((s) => s.charAt(0).toLowerCase() + s.slice(1)).join(".");
  if (issue && CONSTRAINT_ISSUES.has(issue.code)) {
    throw validationError(path, valueAt(value, issue.path), issue.message);
  }
  throw invalidParameter(
    `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${issue?.message ?? "invalid value"}`,
  );
}

const CONSTRAINT_ISSUES = new Set(["too_big", "too_small", "invalid_format", "invalid_value"]);

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) at = (at as Record<PropertyKey, unknown> | undefined)?.[key];
  return at;
}

/**
 * Deepest nesting a JSON body may have. Parsing is iterative, but what reads the value after
 * (zod, JSON.stringify, structured clones, the SDK) recurses and overflows the stack a few
 * thousand levels down: a deeper body is refused up front, as unreadable content.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Parses a JSON request body; an unparsable body, or one nested deeper than MAX_JSON_DEPTH,
 * is `InvalidRequestContentException` (400), as on Lambda.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  const unreadable = (message: string, cause?: unknown) =>
    new LambdaHttpError(
      "InvalidRequestContentException",
      400,
      `Could not parse request body into json: ${message}`,
      { cause },
    );
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw unreadable(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw unreadable((error as Error).message, error);
  }
}

/** The deepest `[`/`{` nesting of JSON text (strings skipped), in one pass without recursion. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) max = depth;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return max;
}

const bounded = (min: number, max: number) =>
  z.string().min(min, minLength(min)).max(max, maxLength(max));

// NamespacedFunctionName: a name, `name:qualifier`, a partial or a full function ARN (1-256).
const FUNCTION_NAME =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?";
const functionNamePattern =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d:)?(?:\d{12}:)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]+))?$/;

export const functionNameSchema = bounded(1, 256)
  .regex(functionNamePattern, matching(FUNCTION_NAME))
  .transform((value, ctx) => {
    const [, name = "", qualifier] = functionNamePattern.exec(value) ?? [];
    // "The length constraint applies only to the full ARN": a bare name has at most 64.
    if (name.length > 64) {
      ctx.addIssue({ code: "too_big", origin: "string", maximum: 64, message: maxLength(64) });
      return z.NEVER;
    }
    return { name, qualifier };
  });

export const qualifierSchema = bounded(1, 128)
  .regex(
    /^(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9_$-]+)$/,
    matching("\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+"),
  )
  .optional();

export const executionNameSchema = bounded(1, 64).regex(
  /^[a-zA-Z0-9_-]+$/,
  matching("[a-zA-Z0-9-_]+"),
);

const enumOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `Member must satisfy enum value set: [${values.join(", ")}]` });

export const invocationTypeSchema = enumOf(["Event", "RequestResponse", "DryRun"])
  .optional()
  .default("RequestResponse");

export const logTypeSchema = enumOf(["None", "Tail"]).optional().default("None");

// The model's pattern is version-only (`:$LATEST` or a number): here the qualifier may be any
// qualifier the embedding API was given, so executions started through it stay reachable.
export const executionArnSchema = bounded(1, 1024).regex(
  /^arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:function:[a-zA-Z0-9_.-]+:[a-zA-Z0-9_$.-]+\/durable-execution\/[a-zA-Z0-9_-]+\/[a-zA-Z0-9_-]+$/,
  matching(
    "arn:([a-zA-Z0-9-]+):lambda:([a-zA-Z0-9-]+):(\\d{12}):function:([a-zA-Z0-9_-]+):(\\$LATEST(?:\\.PUBLISHED)?|[0-9]+)/durable-execution/([a-zA-Z0-9_-]+)/([a-zA-Z0-9_-]+)",
  ),
);

/** The `{DurableExecutionArn}` path label of an execution-scoped route. */
export const executionArnOf = (raw: string | undefined) =>
  parseInput(executionArnSchema, raw, "durableExecutionArn");

// Lambda's callback ids are standard base64 (`[A-Za-z0-9+/]+={0,2}`), which this runtime now
// mints too; ids minted by earlier versions were base64url, so '-' and '_' stay accepted.
export const callbackIdSchema = bounded(1, 1024).regex(
  /^[A-Za-z0-9+/_-]+={0,2}$/,
  matching("[A-Za-z0-9+/]+={0,2}"),
);

// The model's pattern is base64; this runtime's tokens are opaque `<uuid>.<n>` strings.
export const checkpointTokenSchema = bounded(1, 2048);

// An unreadable boolean is not a constraint failure: a refine's issue maps to InvalidParameterValue.
const booleanQuery = z
  .string()
  .refine((value) => value === "true" || value === "false", "Member must be true or false")
  .transform((value) => value === "true")
  .optional();

// ItemCount (0-1000); 0, like leaving it out, means the default page of 100.
const maxItemsQuery = z
  .string()
  .refine((value) => /^-?\d+$/.test(value), "Member must be an integer")
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .min(0, "Member must have value greater than or equal to 0")
      .max(1000, "Member must have value less than or equal to 1000"),
  )
  .optional();

const markerQuery = bounded(1, 1024).optional();

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

export const executionStatusSchema = enumOf([
  "RUNNING",
  "PAUSING",
  "PAUSED",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "STOPPED",
  "DELETING",
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
  Statuses: z
    .array(executionStatusSchema)
    .min(1, "Member must have length greater than or equal to 1")
    .max(10, "Member must have length less than or equal to 10")
    .optional(),
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

/** SendDurableExecutionCallbackSuccess's Result (BinaryOperationPayload): at most 256 KiB. */
export const CALLBACK_RESULT_MAX_BYTES = MAX_PAYLOAD_BYTES;

export const errorObjectSchema = z.object({
  ErrorMessage: z.string().optional(),
  ErrorType: z.string().optional(),
  ErrorData: z.string().optional(),
  StackTrace: z.array(z.string()).optional(),
});

const seconds = z.number().int().min(0);

// OperationId, OperationName and OperationSubType as the model constrains them.
const operationId = bounded(1, 64).regex(/^[a-zA-Z0-9_-]+$/, matching("[a-zA-Z0-9-_]+"));

export const operationUpdateSchema = z.object({
  Id: operationId,
  Type: enumOf(["EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE"]),
  Action: enumOf(["START", "SUCCEED", "FAIL", "RETRY", "CANCEL"]),
  ParentId: operationId.optional(),
  Name: bounded(1, 256)
    .regex(/^[\x20-\x7E]+$/, matching("[\\x20-\\x7E]+"))
    .optional(),
  SubType: bounded(1, 32)
    .regex(/^[a-zA-Z0-9_-]+$/, matching("[a-zA-Z0-9-_]+"))
    .optional(),
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

const clientTokenSchema = bounded(1, 64).regex(/^[\x21-\x7E]+$/, matching("[\\x21-\\x7E]+"));

/** PauseDurableExecution's body (every member optional; an empty body is no member). */
export const pauseBodySchema = z
  .object(
    {
      ClientToken: clientTokenSchema.optional(),
      Reason: z.string().max(1024, maxLength(1024)).optional(),
      ExecutionTimeoutPaused: z.boolean().optional(),
    },
    { message: "Member must be a JSON object" },
  )
  .optional();

/** ResumeDurableExecution's body. */
export const resumeBodySchema = z
  .object(
    {
      ClientToken: clientTokenSchema.optional(),
      Reason: z.string().max(1024, maxLength(1024)).optional(),
    },
    { message: "Member must be a JSON object" },
  )
  .optional();

export const checkpointBodySchema = z.object(
  {
    CheckpointToken: checkpointTokenSchema,
    Updates: z.array(operationUpdateSchema).optional(),
    ClientToken: clientTokenSchema.optional(),
  },
  { message: "Member must be a JSON object" },
);
