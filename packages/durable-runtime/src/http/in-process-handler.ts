import { Readable } from "node:stream";
import type { LambdaClientConfig } from "@aws-sdk/client-lambda";
import { createApp, type HttpFaceOptions } from "./create-app.js";
import type { RuntimeFace } from "./runtime-face.js";

/** The request as the SDK's middleware leaves it (`@smithy/protocol-http`'s HttpRequest). */
interface SdkRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * The Lambda face without the socket, for a client in the runtime's own process: a
 * `requestHandler` for `@aws-sdk/client-lambda` that hands each request to the face's Hono app
 * (`createApp`) here. The client serialises and signs each request as it does for Lambda, and
 * the face parses, validates and answers it as it does over HTTP; what is left out is the
 * loopback connection and both ends' HTTP/1.1 codecs (the local stack's API sends every order's
 * start and callbacks this way). Bodies are the small JSON and blob payloads of the
 * durable-execution operations; a streamed request body is refused.
 */
export function inProcessRequestHandler(
  runtime: RuntimeFace,
  options: HttpFaceOptions = {},
): NonNullable<LambdaClientConfig["requestHandler"]> {
  const app = createApp(runtime, options);
  const handler = {
    metadata: { handlerProtocol: "in-process" },
    async handle(request: SdkRequest) {
      const { body } = request;
      if (body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array)) {
        throw new TypeError("the in-process Lambda face takes string or byte bodies only");
      }
      const port = request.port ? `:${request.port}` : "";
      const url = `${request.protocol}//${request.hostname}${port}${request.path}${queryString(request.query)}`;
      // The body's size goes along (limitBody), so the face does not read it as a stream to
      // count it (and then copy it into a second Request).
      const bodyBytes = body === undefined ? 0 : Buffer.byteLength(body);
      const response = await app.fetch(
        new Request(url, { method: request.method, headers: request.headers, body }),
        { bodyBytes },
      );
      const bytes = Buffer.from(await response.arrayBuffer());
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return {
        response: {
          statusCode: response.status,
          headers,
          body: Readable.from([bytes], { objectMode: false }),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
  return handler as NonNullable<LambdaClientConfig["requestHandler"]>;
}

function queryString(query: SdkRequest["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null) params.append(key, "");
    else for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
