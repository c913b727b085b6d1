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

/** Clients from the default chain; tests may pass explicit config (endpoint, credentials). */
export function createAwsClients(
  config: { dynamo?: DynamoDBClientConfig; events?: EventBridgeClientConfig } = {},
): AwsClients {
  const dynamo = new DynamoDBClient(config.dynamo ?? {});
  const events = new EventBridgeClient(config.events ?? {});
  return {
    dynamo: toDocumentClient(dynamo),
    events,
    destroy() {
      dynamo.destroy();
      events.destroy();
    },
  };
}
