/** The package's only read of the environment. */
const LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LEVELS)[number];

/** `DURABLE_RUNTIME_LOG=debug|info|warn|error` turns the default logger on (stderr, JSON lines). */
export const runtimeLogLevel = (): LogLevel | undefined => {
  const value = process.env.DURABLE_RUNTIME_LOG?.trim().toLowerCase();
  if (!value) return undefined;
  return (LEVELS as readonly string[]).includes(value) ? (value as LogLevel) : "info";
};
