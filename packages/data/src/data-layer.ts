/** One object holding the repositories and the publisher, wired to one set of clients. */
import { type AwsClients, createAwsClients } from "./aws-clients.js";
import { EventPublisher } from "./event-publisher.js";
import { OrderAdmission } from "./order-admission.js";
import { OrderSettlement } from "./order-settlement.js";
import { OrdersRepository } from "./orders-repository.js";
import { ShopRepository } from "./shop-repository.js";
import type { TableNames } from "./tables.js";

export interface DataLayer {
  orders: OrdersRepository;
  admission: OrderAdmission;
  settlement: OrderSettlement;
  shop: ShopRepository;
  events: EventPublisher;
}

export interface DataLayerOptions {
  tables: TableNames;
  eventBusName: string;
  /** Defaults to clients from the default provider chain. */
  clients?: Pick<AwsClients, "dynamo" | "events">;
}

export function createDataLayer(options: DataLayerOptions): DataLayer {
  const clients = options.clients ?? createAwsClients();
  return {
    orders: new OrdersRepository(clients.dynamo, options.tables.orders, options.tables.shop),
    admission: new OrderAdmission(clients.dynamo, options.tables),
    settlement: new OrderSettlement(clients.dynamo, options.tables),
    shop: new ShopRepository(clients.dynamo, options.tables.shop),
    events: new EventPublisher(clients.events, options.eventBusName),
  };
}
