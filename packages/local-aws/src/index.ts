/** @coffee/local-aws: local DynamoDB and EventBridge stand-ins for tests and the local stack. */
export {
  LOCAL_CLIENT_CONFIG,
  type LocalDynamo,
  type LocalDynamoOptions,
  startLocalDynamo,
} from "./local-dynamo.js";
export {
  type BusEntry,
  type BusListener,
  type LocalEventBus,
  startLocalEventBus,
} from "./local-event-bus.js";
