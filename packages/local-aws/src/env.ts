/** The package's only read of the environment. */

/**
 * The environment for the local DynamoDB's process: this one's, less `node --watch`'s request to
 * report imported files (WATCH_REPORT_DEPENDENCIES). Under `node --watch` (the local stack's
 * `pnpm dev`) a forked child inherits it and sends its imports over the IPC channel, which here
 * carries the server's own messages: its first message would be `{"watch:import": [...]}`
 * instead of `ready`, and the start would fail.
 */
export function dynamoProcessEnv(): Record<string, string | undefined> {
  const { WATCH_REPORT_DEPENDENCIES: _watched, ...env } = process.env;
  return env;
}
