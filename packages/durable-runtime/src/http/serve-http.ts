import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp, type HttpFaceOptions } from "./create-app.js";
import type { RuntimeFace } from "./runtime-face.js";

export interface ServeHttpOptions extends HttpFaceOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1: the runtime is a local development service. */
  host?: string;
}

export interface HttpServerHandle {
  /** `http://HOST:PORT`, the `endpoint` to give `LambdaClient`. */
  url: string;
  /** Stops accepting requests, drops open connections (a waiting RequestResponse included). */
  close(): Promise<void>;
}

/** Serves the Lambda-compatible durable-execution API for `runtime` over HTTP. */
export function serveHttp(
  runtime: RuntimeFace,
  options: ServeHttpOptions,
): Promise<HttpServerHandle> {
  const app = createApp(runtime, options);
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: host },
      (info: AddressInfo) => {
        const shownHost = info.family === "IPv6" ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${shownHost}:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((err) => (err ? fail(err) : done()));
              if ("closeAllConnections" in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
