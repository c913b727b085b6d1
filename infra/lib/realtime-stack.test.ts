import { ORDER_EVENT_SOURCE, ORDER_EVENT_TYPES, SHOP_EVENT_SOURCE } from "@coffee/shared";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { REALTIME_CHANNELS, REALTIME_NAMESPACE } from "./constructs/realtime-events.js";
import { buildTestApp } from "./testing/test-app.js";

const { stacks } = buildTestApp();
const template = Template.fromStack(stacks.realtime);

type Target = {
  Arn: unknown;
  InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
  RetryPolicy: { MaximumEventAgeInSeconds: number };
};

function targetFor(source: string): Target {
  const rules = Object.values(template.findResources("AWS::Events::Rule")).filter(
    (r) => JSON.stringify(r.Properties.EventPattern) === JSON.stringify({ source: [source] }),
  );
  expect(rules).toHaveLength(1);
  const targets = rules[0]!.Properties.Targets as Target[];
  expect(targets).toHaveLength(1);
  return targets[0]!;
}

/**
 * What EventBridge sends: each `<name>` placeholder replaced by the value at its path in the
 * event (inside a JSON string, as the raw text of the value).
 */
function render(target: Target, event: Record<string, unknown>): unknown {
  const valueAt = (path: string) =>
    path
      .replace(/^\$\./, "")
      .split(".")
      .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], event);
  const body = target.InputTransformer.InputTemplate.replace(/<([\w-]+)>/g, (_, name: string) =>
    String(valueAt(target.InputTransformer.InputPathsMap[name]!)),
  );
  return JSON.parse(body);
}

const orderEvent = {
  source: ORDER_EVENT_SOURCE,
  "detail-type": ORDER_EVENT_TYPES.queued,
  time: "2026-01-01T10:00:00Z",
  detail: { orderId: "01JABCDEF0123456789ABCDEFG", status: "QUEUED", customerId: "c-1" },
};

describe("realtime stack", () => {
  it("has an AppSync Events API with API-key auth and the coffee namespace", () => {
    template.hasResourceProperties("AWS::AppSync::Api", {
      EventConfig: Match.objectLike({
        AuthProviders: [{ AuthType: "API_KEY" }],
        ConnectionAuthModes: [{ AuthType: "API_KEY" }],
      }),
    });
    template.hasResourceProperties("AWS::AppSync::ChannelNamespace", { Name: REALTIME_NAMESPACE });
    template.resourceCountIs("AWS::AppSync::ApiKey", 1);
  });

  it("publishes through an API destination to the HTTP publish endpoint", () => {
    template.hasResourceProperties("AWS::Events::ApiDestination", {
      HttpMethod: "POST",
      InvocationEndpoint: {
        "Fn::Join": ["", ["https://", Match.anyValue(), "/event"]],
      },
    });
    template.hasResourceProperties("AWS::Events::Connection", {
      AuthorizationType: "API_KEY",
      AuthParameters: { ApiKeyAuthParameters: Match.objectLike({ ApiKeyName: "x-api-key" }) },
    });
  });

  it("has one rule per consumer on the app's bus", () => {
    template.resourceCountIs("AWS::Events::Rule", 2);
    template.allResourcesProperties("AWS::Events::Rule", {
      EventBusName: { "Fn::ImportValue": Match.stringLikeRegexp("Bus") },
    });
  });

  it("turns an order event into a ping on the order's channel, without the order's data", () => {
    const body = render(targetFor(ORDER_EVENT_SOURCE), orderEvent) as {
      channel: string;
      events: string[];
    };
    expect(body.channel).toBe(`${REALTIME_CHANNELS.orders}/${orderEvent.detail.orderId}`);
    expect(body.events).toHaveLength(1);
    expect(JSON.parse(body.events[0]!)).toEqual({
      type: "Order.Queued",
      orderId: orderEvent.detail.orderId,
      status: "QUEUED",
      time: orderEvent.time,
    });
    expect(body.events[0]).not.toContain("c-1");
  });

  it("turns a shop event into a ping on the shop channel", () => {
    const shopEvent = {
      source: SHOP_EVENT_SOURCE,
      "detail-type": "Shop.MenuChanged",
      time: "2026-01-01T10:00:00Z",
      detail: {},
    };
    const body = render(targetFor(SHOP_EVENT_SOURCE), shopEvent) as {
      channel: string;
      events: string[];
    };
    expect(body.channel).toBe(REALTIME_CHANNELS.shop);
    expect(JSON.parse(body.events[0]!)).toEqual({ type: "Shop.MenuChanged", time: shopEvent.time });
  });

  it("drops pings that could not be delivered within five minutes", () => {
    expect(targetFor(ORDER_EVENT_SOURCE).RetryPolicy.MaximumEventAgeInSeconds).toBe(300);
  });
});
