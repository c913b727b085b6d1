/** Publishes order and shop events to the EventBridge bus (`PutEvents`). */
import { type EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  ORDER_EVENT_SOURCE,
  type Order,
  type OrderEventType,
  SHOP_EVENT_SOURCE,
  type ShopEventType,
} from "@coffee/shared";
import { DataError } from "./data-error.js";

export class EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  /** An order event; its detail is the order as it is after the change (no callback ids). */
  async publishOrderEvent(detailType: OrderEventType, order: Order): Promise<void> {
    await this.put(ORDER_EVENT_SOURCE, detailType, order, order.updatedAt);
  }

  async publishShopEvent(detailType: ShopEventType, detail: object, time?: string): Promise<void> {
    await this.put(SHOP_EVENT_SOURCE, detailType, detail, time);
  }

  private async put(source: string, detailType: string, detail: object, time?: string) {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.eventBusName,
            Source: source,
            DetailType: detailType,
            Detail: JSON.stringify(detail),
            Time: time ? new Date(time) : undefined,
          },
        ],
      }),
    );
    if ((out.FailedEntryCount ?? 0) > 0) {
      const entry = out.Entries?.[0];
      throw new DataError(
        "PUBLISH_FAILED",
        `${detailType} was not published: ${entry?.ErrorCode ?? "unknown"} ${entry?.ErrorMessage ?? ""}`.trim(),
      );
    }
  }
}
