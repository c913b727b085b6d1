/** The app's DynamoDB tables, built from the same `TABLES` description the local stack uses. */
import { type KeyAttribute, TABLES, type TableDefinition, type TableKey } from "@coffee/data";
import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";

export interface AppTablesProps {
  /** Keep the tables (and their data) when the stack is deleted. Default: delete them. */
  readonly retainData?: boolean;
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return {
    name: key.name,
    type: key.type === "S" ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
  };
}

/** On-demand tables with point-in-time recovery; GSIs project every attribute, as locally. */
export class AppTables extends Construct {
  readonly orders: dynamodb.Table;
  readonly shop: dynamodb.Table;

  constructor(scope: Construct, id: string, props: AppTablesProps = {}) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.orders = this.table("Orders", TABLES.orders, removalPolicy);
    this.shop = this.table("Shop", TABLES.shop, removalPolicy);
  }

  /** Every table by its `TABLES` key. */
  get all(): Record<TableKey, dynamodb.Table> {
    return { orders: this.orders, shop: this.shop };
  }

  private table(id: string, def: TableDefinition, removalPolicy: RemovalPolicy): dynamodb.Table {
    const table = new dynamodb.Table(this, id, {
      partitionKey: attribute(def.partitionKey),
      sortKey: def.sortKey ? attribute(def.sortKey) : undefined,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });
    for (const gsi of def.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: attribute(gsi.partitionKey),
        sortKey: gsi.sortKey ? attribute(gsi.sortKey) : undefined,
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }
}
