/**
 * The data layer the workflow tests run on: a local dynalite with the app's tables and the local
 * PutEvents endpoint, reached through the same AWS SDK clients as in AWS; the shop is seeded.
 */
import { type AwsClients, createAwsClients, createDataLayer, type DataLayer } from "@coffee/data";
import {
  LOCAL_CLIENT_CONFIG,
  type LocalEventBus,
  startLocalDynamo,
  startLocalEventBus,
} from "@coffee/local-aws";

const TABLES = { orders: "orders", shop: "shop" };
export const EVENT_BUS_NAME = "coffee";

export interface LocalData {
  data: DataLayer;
  clients: AwsClients;
  bus: LocalEventBus;
  close(): Promise<void>;
}

export async function startLocalData(): Promise<LocalData> {
  const dynamo = await startLocalDynamo({ tables: TABLES });
  const bus = await startLocalEventBus();
  const clients = createAwsClients({
    dynamo: { ...LOCAL_CLIENT_CONFIG, endpoint: dynamo.endpoint },
    events: { ...LOCAL_CLIENT_CONFIG, endpoint: bus.endpoint },
  });
  const data = createDataLayer({ tables: TABLES, eventBusName: EVENT_BUS_NAME, clients });
  await data.shop.seed();
  return {
    data,
    clients,
    bus,
    async close() {
      clients.destroy();
      await bus.close();
      await dynamo.close();
    },
  };
}
