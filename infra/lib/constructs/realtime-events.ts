/** The realtime path to browsers in AWS: EventBridge rules publishing to an AppSync Events API. */
import { ORDER_EVENT_SOURCE, SHOP_EVENT_SOURCE } from "@coffee/shared";
import { Duration, Expiration, SecretValue } from "aws-cdk-lib";
import * as appsync from "aws-cdk-lib/aws-appsync";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import { Construct } from "constructs";

/** The channel namespace; order pings go to `/coffee/orders/<orderId>`, shop ones to `/coffee/shop`. */
export const REALTIME_NAMESPACE = "coffee";
export const REALTIME_CHANNELS = {
  /** Prefix of the per-order channels; staff screens subscribe to `/coffee/orders/*`. */
  orders: `/${REALTIME_NAMESPACE}/orders`,
  shop: `/${REALTIME_NAMESPACE}/shop`,
} as const;

export interface RealtimeEventsProps {
  readonly bus: events.IEventBus;
  /** How long the browsers' subscribe key lives; a deploy renews it. Default: 365 days. */
  readonly apiKeyLifetime?: Duration;
}

/**
 * Browsers subscribe with the public API key; what they receive is a ping
 * (`{type, orderId?, status?, time}`), never the order itself, so the key reveals nothing: the
 * web app refetches what changed through the authenticated API, exactly as it does on a local
 * server-sent event. One rule per consumer feeds one channel through an EventBridge API
 * destination (no code runs for it).
 */
export class RealtimeEvents extends Construct {
  readonly api: appsync.EventApi;
  readonly apiKey: appsync.CfnApiKey;
  readonly namespace: appsync.ChannelNamespace;
  readonly connection: events.Connection;
  readonly destination: events.ApiDestination;
  readonly orderRule: events.Rule;
  readonly shopRule: events.Rule;

  constructor(scope: Construct, id: string, props: RealtimeEventsProps) {
    super(scope, id);
    const apiKeyAuth = appsync.AppSyncAuthorizationType.API_KEY;
    this.api = new appsync.EventApi(this, "Api", {
      apiName: "coffee-realtime",
      authorizationConfig: {
        authProviders: [
          {
            authorizationType: apiKeyAuth,
            apiKeyConfig: {
              name: "browsers",
              description: "Subscribe key for the web app and the EventBridge publisher",
              expires: Expiration.after(props.apiKeyLifetime ?? Duration.days(365)),
            },
          },
        ],
        connectionAuthModeTypes: [apiKeyAuth],
        defaultPublishAuthModeTypes: [apiKeyAuth],
        defaultSubscribeAuthModeTypes: [apiKeyAuth],
      },
    });
    const key = this.api.apiKeys.browsers;
    if (!key) throw new Error("the Event API has no 'browsers' API key");
    this.apiKey = key;
    this.namespace = this.api.addChannelNamespace("Namespace", {
      channelNamespaceName: REALTIME_NAMESPACE,
    });

    this.connection = new events.Connection(this, "Connection", {
      description: "AppSync Events publish key",
      authorization: events.Authorization.apiKey(
        "x-api-key",
        SecretValue.resourceAttribute(this.apiKey.attrApiKey),
      ),
    });
    this.destination = new events.ApiDestination(this, "Publish", {
      connection: this.connection,
      endpoint: `https://${this.api.httpDns}/event`,
      httpMethod: events.HttpMethod.POST,
      description: "AppSync Events HTTP publish endpoint",
    });

    this.orderRule = this.pingRule("OrderChanges", {
      source: [ORDER_EVENT_SOURCE],
      channel: `${REALTIME_CHANNELS.orders}/${events.EventField.fromPath("$.detail.orderId")}`,
      ping: {
        type: events.EventField.detailType,
        orderId: events.EventField.fromPath("$.detail.orderId"),
        status: events.EventField.fromPath("$.detail.status"),
        time: events.EventField.time,
      },
      props,
      description: "Order changes to the browsers (customer's order, barista queue, display)",
    });
    this.shopRule = this.pingRule("ShopChanges", {
      source: [SHOP_EVENT_SOURCE],
      channel: REALTIME_CHANNELS.shop,
      ping: { type: events.EventField.detailType, time: events.EventField.time },
      props,
      description: "Shop changes (open/closed, menu, config) to the browsers",
    });
  }

  private pingRule(
    id: string,
    spec: {
      source: string[];
      channel: string;
      ping: Record<string, string>;
      props: RealtimeEventsProps;
      description: string;
    },
  ): events.Rule {
    const rule = new events.Rule(this, id, {
      eventBus: spec.props.bus,
      description: spec.description,
      eventPattern: { source: spec.source },
    });
    rule.addTarget(
      new targets.ApiDestination(this.destination, {
        // AppSync Events takes each event as a JSON string; the values are ids, statuses and
        // timestamps, which need no escaping inside it.
        event: events.RuleTargetInput.fromObject({
          channel: spec.channel,
          events: [JSON.stringify(spec.ping)],
        }),
        // A late ping is worthless: the next change or a refetch supersedes it.
        maxEventAge: Duration.minutes(5),
        retryAttempts: 3,
      }),
    );
    return rule;
  }
}
