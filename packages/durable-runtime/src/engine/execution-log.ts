import type { LogLevel } from "../env.js";
import type { LogFields, RuntimeLogger } from "../logger.js";
import type { ExecutionRecord } from "../types.js";

/** One log line, about an execution (its ARN, name and function lead the fields) or none. */
export type ExecutionLog = (
  level: LogLevel,
  message: string,
  rec: ExecutionRecord | undefined,
  fields: LogFields,
) => void;

export const executionLog =
  (logger: RuntimeLogger): ExecutionLog =>
  (level, message, rec, fields) => {
    logger.log(level, message, {
      executionArn: rec?.arn,
      executionName: rec?.name,
      functionName: rec?.functionName,
      ...fields,
    });
  };
