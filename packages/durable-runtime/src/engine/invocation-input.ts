import type { Operation, OperationUpdate } from "../types.js";

/** The transport the SDK calls instead of the Lambda API, in the same process. */
export interface InProcessClient {
  checkpoint(params: {
    DurableExecutionArn: string;
    CheckpointToken: string;
    Updates?: OperationUpdate[];
    ClientToken?: string;
  }): Promise<unknown>;
  getExecutionState(params: {
    DurableExecutionArn: string;
    CheckpointToken: string;
    Marker?: string;
    MaxItems?: number;
  }): Promise<unknown>;
}

/**
 * The event a handler receives. The official SDK recognises an event that carries its own
 * transport by this class name, its `Symbol.toStringTag` and a `durableExecutionClient`
 * property, so any copy of the SDK (2.x) picks up the in-process client without a change to
 * the handler. The class name is part of the protocol: do not rename it. It is also set
 * explicitly, because a bundler renames a top-level class whose name another module's takes (the
 * SDK's own class of this name, bundled beside it, is one) unless told to keep names.
 */
export class DurableExecutionInvocationInputWithClient {
  static {
    Object.defineProperty(DurableExecutionInvocationInputWithClient, "name", {
      value: "DurableExecutionInvocationInputWithClient",
    });
  }

  constructor(
    readonly durableExecutionClient: InProcessClient,
    readonly DurableExecutionArn: string,
    readonly CheckpointToken: string,
    readonly InitialExecutionState: { Operations: Operation[]; NextMarker?: string },
    readonly UpdatedOperationIds: string[],
  ) {}
  get [Symbol.toStringTag]() {
    return "DurableExecutionInvocationInputWithClient";
  }
}

/** The part of the Lambda context object the SDK and handlers read. */
export const lambdaContext = (opts: {
  requestId: string;
  functionName: string;
  qualifier: string;
  functionArn: string;
  deadlineMs: number;
}) => ({
  awsRequestId: opts.requestId,
  functionName: opts.functionName,
  functionVersion: opts.qualifier,
  invokedFunctionArn: opts.functionArn,
  memoryLimitInMB: "1024",
  logGroupName: `/aws/lambda/${opts.functionName}`,
  logStreamName: "local",
  callbackWaitsForEmptyEventLoop: false,
  // The SDK compares this with Date.now() to decide whether to poll in-process, so it is
  // measured in real time whatever the runtime's clock says.
  getRemainingTimeInMillis: () => Math.max(0, opts.deadlineMs - Date.now()),
  done() {},
  fail() {},
  succeed() {},
});

/** What a durable handler returns (the SDK's DurableExecutionInvocationOutput). */
export interface InvocationOutput {
  Status: "SUCCEEDED" | "FAILED" | "PENDING";
  Result?: string;
  Error?: { ErrorMessage?: string; ErrorType?: string; ErrorData?: string; StackTrace?: string[] };
}

export const isInvocationOutput = (value: unknown): value is InvocationOutput =>
  typeof value === "object" &&
  value !== null &&
  ["SUCCEEDED", "FAILED", "PENDING"].includes((value as { Status?: unknown }).Status as string);
