/** What every Lambda function of this app shares: Node 22 on ARM, its own identity, the data layer. */
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as events from "aws-cdk-lib/aws-events";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { FunctionIdentity } from "./function-identity.js";

/** The tables and the bus that `@coffee/data` reads and writes (the data stack has this shape). */
export interface AppData {
  readonly tables: { readonly orders: dynamodb.ITable; readonly shop: dynamodb.ITable };
  readonly bus: events.IEventBus;
}

/** A function's code: a bundle from the apps in `bin/app.ts`, inline stand-ins in tests. */
export interface FunctionCode {
  readonly code: lambda.Code;
  readonly handler: string;
}

/** A function's own part; runtime, architecture, role and logging are the same for all. */
export interface AppFunctionProps
  extends Omit<lambda.FunctionProps, "runtime" | "architecture" | "role" | "logGroup"> {
  readonly data: AppData;
  /**
   * `readWrite` (default): read/write on both tables and PutEvents on the bus. `named`: the
   * variables only; the caller grants exactly what the function uses.
   */
  readonly dataAccess?: "readWrite" | "named";
}

/**
 * Adds `Identity` (log group and least-privilege role) and `Function` to `scope`, with the
 * data layer's variables (`ORDERS_TABLE`, `SHOP_TABLE`, `EVENT_BUS_NAME`, read by each app's
 * env.ts) and, unless `dataAccess` is `named`, grants: read/write on both tables, PutEvents on
 * the bus. A function rather than a
 * construct of its own, so the resources keep the logical ids they had in their owner.
 */
export function addAppFunction(
  scope: Construct,
  { data, environment, dataAccess = "readWrite", ...props }: AppFunctionProps,
): { fn: lambda.Function; role: iam.Role } {
  const identity = new FunctionIdentity(scope, "Identity");
  const { role } = identity;
  const fn = new lambda.Function(scope, "Function", {
    ...props,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    role,
    logGroup: identity.logGroup,
    environment: {
      ORDERS_TABLE: data.tables.orders.tableName,
      SHOP_TABLE: data.tables.shop.tableName,
      EVENT_BUS_NAME: data.bus.eventBusName,
      ...environment,
      NODE_OPTIONS: "--enable-source-maps",
    },
  });
  if (dataAccess === "readWrite") {
    data.tables.orders.grantReadWriteData(role);
    data.tables.shop.grantReadWriteData(role);
    data.bus.grantPutEventsTo(role);
  }
  return { fn, role };
}
