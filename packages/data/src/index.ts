/** @coffee/data: the app's only gateway to DynamoDB (orders, shop) and EventBridge. */
export { DataError, type DataErrorCode } from "./data-error.js";
export {
  type QrRedemption,
  type QrToken,
  type QrTokenPolicy,
  QrTokenRepository,
} from "./qr-token-repository.js";
export {
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
