/** Starting and stopping a local HTTP server on the loopback interface. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * How long an idle keep-alive connection stays open. SDK clients keep idle sockets without a
 * limit of their own; with Node's default (5 s) the server closes a socket just as a client
 * reuses it, and under load that race surfaced as `socket hang up` (ECONNRESET) on requests
 * that never reached the server. Idle sockets cost nothing on loopback.
 */
export const KEEP_ALIVE_MS = 10 * 60_000;

/** Listens on 127.0.0.1 (port 0 picks a free one) and answers the server's base URL. */
export function listenOnLoopback(server: Server, port = 0): Promise<string> {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or a connection is cut while waiting for its next request.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const { port: actual } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${actual}`);
    });
  });
}

/**
 * Stops the server. SDK clients keep connections alive, so idle connections are closed at once;
 * requests in flight are let finish (cutting one off mid-request left dynalite touching its
 * database after closing it), and anything still open after `graceMs` is cut.
 */
export function closeServer(server: Server, graceMs = 2_000): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}
