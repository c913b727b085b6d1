import type {
  ErrorObject,
  Event,
  Execution,
  GetDurableExecutionResponse,
  Operation,
} from "@aws-sdk/client-lambda";
import type {
  CheckpointRequest,
  HistoryRequest,
  ListExecutionsRequest,
  PauseRequest,
  ResumeRequest,
  StartExecutionRequest,
  StateRequest,
} from "../types.js";

/**
 * The part of `DurableRuntime` the HTTP face calls. Written as a structural type so the face
 * depends on the embedding contract, not on the engine's module layout; `DurableRuntime`
 * satisfies it as it is.
 */
export interface RuntimeFace {
  /** Where the runtime says it runs (ARNs); us-east-1 and 000000000000 when left out. */
  readonly region?: string;
  readonly accountId?: string;
  /** Whether a function is registered (Invoke's DryRun answers ResourceNotFoundException if not). */
  hasFunction(functionName: string): boolean;
  /** Whether that function is durable; false for an on-demand (standard) one. */
  isDurableFunction(functionName: string): boolean;
  /** Runs an on-demand function: its JSON answer, or its error. */
  invokeFunction(
    functionName: string,
    payload: string,
  ): Promise<{ result: string } | { error: ErrorObject }>;
  startExecution(
    req: StartExecutionRequest,
  ): Promise<{ executionArn: string; alreadyStarted: boolean }>;
  getExecution(arn: string): Promise<GetDurableExecutionResponse>;
  getExecutionHistory(
    arn: string,
    opts?: HistoryRequest,
  ): Promise<{ Events?: Event[]; NextMarker?: string }>;
  listExecutions(
    req: ListExecutionsRequest,
  ): Promise<{ DurableExecutions?: Execution[]; NextMarker?: string }>;
  stopExecution(arn: string, error?: ErrorObject): Promise<{ StopTimestamp?: Date }>;
  pauseExecution(arn: string, req?: PauseRequest): Promise<void>;
  resumeExecution(arn: string, req?: ResumeRequest): Promise<void>;
  deleteExecution(arn: string): Promise<{ DeletionRequestTimestamp?: Date }>;
  sendCallbackSuccess(callbackId: string, result?: string | Uint8Array): Promise<void>;
  sendCallbackFailure(callbackId: string, error?: ErrorObject): Promise<void>;
  sendCallbackHeartbeat(callbackId: string): Promise<void>;
  checkpoint(
    arn: string,
    req: CheckpointRequest,
  ): Promise<{
    CheckpointToken?: string;
    NewExecutionState?: { Operations?: Operation[]; NextMarker?: string };
  }>;
  getExecutionState(
    arn: string,
    req: StateRequest,
  ): Promise<{ Operations?: Operation[]; NextMarker?: string }>;
  waitForCompletion(
    arn: string,
    opts?: { timeoutMs?: number },
  ): Promise<GetDurableExecutionResponse>;
}

/** What the face's middleware hands to its routes: the request id it answers in `x-amzn-RequestId`. */
export interface FaceEnv {
  Variables: { requestId: string };
}
