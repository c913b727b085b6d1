/** @coffee/durable-runtime: a local, persistent Lambda durable execution service for official-SDK handlers. */

export type { ExecutionArnParts } from "./arn.js";
export { formatExecutionArn, parseExecutionArn } from "./arn.js";
export type { Clock, ClockTimer } from "./clock.js";
export { ManualClock, SystemClock } from "./clock.js";
export type { DurableRuntimeErrorCode, LambdaErrorType } from "./errors.js";
export { DurableRuntimeError } from "./errors.js";
export type { AppType, HttpFaceOptions } from "./http/create-app.js";
export { createApp } from "./http/create-app.js";
export type { RuntimeFace } from "./http/runtime-face.js";
export type { HttpServerHandle, ServeHttpOptions } from "./http/serve-http.js";
export { serveHttp } from "./http/serve-http.js";
export type { LogFields, RuntimeLogger } from "./logger.js";
export { jsonLogger, quietLogger } from "./logger.js";
export type {
  DurableHandler,
  DurableRuntimeOptions,
  RegisterOptions,
  RuntimeCounts,
} from "./runtime.js";
export { DurableRuntime } from "./runtime.js";
export type { ExecutionStore } from "./store/execution-store.js";
export { MemoryStore } from "./store/memory-store.js";
export type { Durability, SqliteStoreOptions } from "./store/sqlite-store.js";
export { SqliteStore } from "./store/sqlite-store.js";
export type {
  CheckpointRequest,
  ErrorObject,
  Event,
  ExecutionStatus,
  ExecutionSummary,
  GetDurableExecutionResponse,
  HistoryRequest,
  ListExecutionsRequest,
  Operation,
  OperationUpdate,
  PauseRequest,
  ResumeRequest,
  StartExecutionRequest,
  StateRequest,
} from "./types.js";
