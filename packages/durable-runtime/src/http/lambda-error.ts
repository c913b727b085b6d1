import { validationMessage } from "../lambda-limits.js";

/**
 * Errors as Lambda's rest-json protocol puts them on the wire: the `x-amzn-errortype` header
 * names the exception (client-lambda picks the exception class from it) and the JSON body
 * carries `Type` plus the message, spelled `Message` or `message` as each exception's schema
 * in client-lambda spells it.
 */
export class LambdaHttpError extends Error {
  override readonly name = "LambdaHttpError";
  constructor(
    readonly errorType: string,
    readonly statusCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Exceptions whose client-lambda schema has a lowercase `message` member.
const lowercaseMessage = new Set([
  "InvalidParameterValueException",
  "InvalidRequestContentException",
  "RequestEntityTooLargeException",
  "RequestTooLargeException",
  "ResourceConflictException",
  "TooManyRequestsException",
  "UnsupportedMediaTypeException",
  "ValidationException",
]);

export interface LambdaErrorBody {
  status: number;
  errorType: string;
  body: Record<string, string>;
}

export function lambdaErrorBody(
  errorType: string,
  status: number,
  message: string,
): LambdaErrorBody {
  const key = lowercaseMessage.has(errorType) ? "message" : "Message";
  return { status, errorType, body: { Type: status >= 500 ? "Service" : "User", [key]: message } };
}

/** An error thrown by the engine that carries its own Lambda error type (duck-typed on purpose). */
function isRuntimeError(
  error: unknown,
): error is Error & { errorType: string; statusCode: number } {
  if (!(error instanceof Error)) return false;
  const candidate = error as Error & { errorType?: unknown; statusCode?: unknown };
  return typeof candidate.errorType === "string" && typeof candidate.statusCode === "number";
}

/** Maps anything thrown while serving a request to what Lambda would answer. */
export function toLambdaError(error: unknown): LambdaErrorBody {
  if (error instanceof LambdaHttpError || isRuntimeError(error)) {
    return lambdaErrorBody(error.errorType, error.statusCode, error.message);
  }
  return lambdaErrorBody("ServiceException", 500, "The service encountered an internal error.");
}

export const invalidParameter = (message: string) =>
  new LambdaHttpError("InvalidParameterValueException", 400, message);

/**
 * A value outside the model's constraints (length, pattern, range, enum) is checked by Lambda's
 * front end before the operation runs, and answered as `ValidationException` (400; not a
 * modeled error, so client-lambda raises a `LambdaServiceException` of that name) with this
 * message. The value is left out for sensitive members, as Lambda does.
 */
export const validationError = (path: string, value: unknown, constraint: string) =>
  new LambdaHttpError("ValidationException", 400, validationMessage(path, value, constraint));
