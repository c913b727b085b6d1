/**
 * AWS SDK clients for the data layer, built from the default provider chain: region, credentials
 * and endpoints come from the environment (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_EVENTS`
 * point them at local servers), so there is no code branch for "local".
 */
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, type EventBridgeClientConfig } from "@aws-sdk/client-eventbridge";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface AwsClients {
  dynamo: DynamoDBDocumentClient;
  events: EventBridgeClient;
  destroy(): void;
}

/** Wraps a low-level client in the document client the repositories use. */
export function toDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * Connections each client may open at once. The SDK's default of 50 is fine for a Lambda (one
 * invocation at a time) but not for the local stack, where one process runs every workflow and
 * the API: with 50 sockets, requests waiting on one hot item (stock, order-number counter, QR
 * token; dynalite serializes writes per item) held every socket and queued all other calls
 * behind them in the agent (measured: 170 queued, UpdateItem at ~470 ms average).
 */
export const MAX_SOCKETS = 1000;

/**
 * The SDK's request log stays off, as by default, but cheaper: the logger middleware of the
 * SDK these clients use calls `logger.info?.({ input: filter(input), output: filter(output) })`
 * on every request, so with the default `NoOpLogger` (whose `info` does nothing) it still walks
 * the whole input and output through the schema's sensitive-data filter first (`schemaLogFilter`,
 * ≈1 % of the local stack's CPU). A logger without `info` skips that walk; warnings and errors
 * are dropped as `NoOpLogger` drops them.
 */
export const QUIET_LOGGER = {
  debug() {},
  warn() {},
  error() {},
} as unknown as NonNullable<DynamoDBClientConfig["logger"]>;

/**
 * Config every AWS SDK client of the app starts from (the data layer's, and the API's Lambda
 * client), the same in AWS and locally: the quiet logger and the socket pool above, and
 * `cacheMiddleware`: a client resolves each command class's middleware stack once instead of on
 * every call (≈35 µs of CPU per call, `bench --only sdk`). The document client takes it with
 * patches/@aws-sdk__lib-dynamodb@3.1178.0.patch. So nothing may add middleware to a client after
 * its first call.
 */
export const CLIENT_CONFIG: Pick<
  DynamoDBClientConfig,
  "logger" | "cacheMiddleware" | "requestHandler"
> = {
  logger: QUIET_LOGGER,
  cacheMiddleware: true,
  requestHandler: {
    httpAgent: { maxSockets: MAX_SOCKETS },
    httpsAgent: { maxSockets: MAX_SOCKETS },
  },
};

/** Clients from the default chain; tests may pass explicit config (endpoint, credentials). */
export function createAwsClients(
  config: { dynamo?: DynamoDBClientConfig; events?: EventBridgeClientConfig } = {},
): AwsClients {
  const dynamo = new DynamoDBClient({ ...CLIENT_CONFIG, ...config.dynamo });
  const events = new EventBridgeClient({ ...CLIENT_CONFIG, ...config.events });
  return {
    dynamo: toDocumentClient(dynamo),
    events,
    destroy() {
      dynamo.destroy();
      events.destroy();
    },
  };
}
