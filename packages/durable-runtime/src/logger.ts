import { type LogLevel, runtimeLogLevel } from "./env.js";

/**
 * Replay-aware log fields: every line names the execution, the invocation (1 = first run,
 * higher = a replay) and, where there is one, the operation.
 */
export interface LogFields {
  executionArn?: string;
  executionName?: string;
  functionName?: string;
  invocation?: number;
  replay?: boolean;
  operationId?: string;
  operationName?: string;
  operationType?: string;
  action?: string;
  [key: string]: unknown;
}

export interface RuntimeLogger {
  /** The lowest level this logger keeps, if it knows; "off" keeps nothing. */
  readonly level?: LogLevel | "off";
  log(level: LogLevel, message: string, fields: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** JSON lines on stderr from `minLevel` up. */
export const jsonLogger = (minLevel: LogLevel = "info"): RuntimeLogger => ({
  level: minLevel,
  log(level, message, fields) {
    if (ORDER[level] < ORDER[minLevel]) return;
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`,
    );
  },
});

export const quietLogger: RuntimeLogger = { level: "off", log() {} };

export const defaultLogger = (): RuntimeLogger => {
  const level = runtimeLogLevel();
  return level ? jsonLogger(level) : quietLogger;
};
