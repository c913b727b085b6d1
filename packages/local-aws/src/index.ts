/** @coffee/local-aws: local DynamoDB and EventBridge stand-ins for tests and the local stack. */
export { LocalAwsError, type LocalAwsErrorCode } from "./local-aws-error.js";
export {
  LOCAL_CLIENT_CONFIG,
  type LocalDynamo,
  type LocalDynamoExit,
  type LocalDynamoOptions,
  startLocalDynamo,
} from "./local-dynamo.js";
export {
  type BusEntry,
  type BusListener,
  type LocalEventBus,
  startLocalEventBus,
} from "./local-event-bus.js";
export { startSupervisedLocalDynamo } from "./supervised-dynamo.js";
