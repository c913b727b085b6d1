/** The local stack's ports: a taken one is said by number, with the variable that picks another. */
import { createServer } from "node:http";
import { LocalStackError } from "./local-stack-error.js";

/** Resolves once `port` on 127.0.0.1 could be listened on (and is free again). */
export function probePort(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** Turns EADDRINUSE into a message that says which port and how to pick another. */
export async function withPort<T>(
  port: number,
  what: string,
  variable: string,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new LocalStackError(
        "PORT_IN_USE",
        `port ${port} is already in use (${what}); stop what uses it or set ${variable}=<port>`,
      );
    }
    throw error;
  }
}
