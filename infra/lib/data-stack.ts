/** Stateful resources: the DynamoDB tables and the EventBridge bus. */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import type { Construct } from "constructs";
import { AppTables } from "./constructs/app-tables.js";

export interface DataStackProps extends StackProps {
  /** Keep the tables when the stack is deleted. Default: delete them. */
  readonly retainData?: boolean;
}

export class DataStack extends Stack {
  readonly tables: AppTables;
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, props);
    this.tables = new AppTables(this, "Tables", { retainData: props.retainData ?? false });
    this.bus = new events.EventBus(this, "Bus", {
      description: "Order and shop events (coffee.orders, coffee.shop)",
    });
    new CfnOutput(this, "OrdersTableName", { value: this.tables.orders.tableName });
    new CfnOutput(this, "ShopTableName", { value: this.tables.shop.tableName });
    new CfnOutput(this, "EventBusName", { value: this.bus.eventBusName });
  }
}
