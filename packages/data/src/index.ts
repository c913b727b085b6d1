/** @coffee/data: the app's only gateway to DynamoDB (orders, shop) and EventBridge. */
export {
  type AwsClients,
  CLIENT_CONFIG,
  createAwsClients,
  toDocumentClient,
} from "./aws-clients.js";
export { DataError, type DataErrorCode } from "./data-error.js";
export { createDataLayer, type DataLayer, type DataLayerOptions } from "./data-layer.js";
export { EventPublisher } from "./event-publisher.js";
export {
  type Admission,
  type AdmissionRefusal,
  type AdmissionRequest,
  OrderAdmission,
} from "./order-admission.js";
export { type CloseRequest, type OrderFacts, OrderSettlement } from "./order-settlement.js";
export {
  type OrderChanges,
  type OrderRecord,
  OrdersRepository,
  type PendingCallback,
  pendingCallbackSchema,
  type TransitionRequest,
} from "./orders-repository.js";
export {
  type QrRedemption,
  type QrToken,
  type QrTokenPolicy,
  QrTokenRepository,
  type TokenRefusal,
} from "./qr-token-repository.js";
export {
  customerKey,
  type ReserveResult,
  SHOP_KEYS,
  ShopRepository,
  type ShopSeed,
} from "./shop-repository.js";
export {
  type NewStaffAccount,
  type StaffAccount,
  StaffAccountRepository,
  staffAccountSchema,
} from "./staff-account-repository.js";
export {
  type AttributeType,
  createTableInput,
  createTables,
  type GlobalSecondaryIndex,
  type KeyAttribute,
  TABLES,
  type TableDefinition,
  type TableKey,
  type TableNames,
} from "./tables.js";
