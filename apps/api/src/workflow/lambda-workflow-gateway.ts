/**
 * The order workflow reached through `@aws-sdk/client-lambda`: `Invoke` with the order id as the
 * durable execution name, callback completion, and the history for the inspector. The client
 * comes from the default provider chain, so `AWS_ENDPOINT_URL_LAMBDA` points it at the local
 * durable runtime and nothing here knows which one it talks to.
 */
import {
  type Event,
  type ExecutionStatus,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  LambdaClient,
  ListDurableExecutionsByFunctionCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { CLIENT_CONFIG } from "@coffee/data";
import type { CallbackResult, OrderWorkflowInput } from "@coffee/shared";
import { ApiError } from "../api-error.js";
import type { WorkflowGateway } from "../app-deps.js";
import { buildShopTimeline, type ExecutionTimeline } from "./execution-timeline.js";
import { workflowPayload } from "./order-workflow-input.js";

/**
 * An order's durable execution, as the reconciler needs it. `GONE`: the order names an
 * execution Lambda no longer has. A running execution is never removed, so it ended, longer ago
 * than the function's retention period (14 days by default), and can no longer close its order.
 */
export interface OrderExecution {
  arn: string;
  status: ExecutionStatus | "GONE";
}

export interface LambdaWorkflowOptions {
  client?: LambdaClient;
  /** Function name or ARN of the workflow (an alias or version qualifier in AWS). */
  functionName: string;
  qualifier?: string;
}

/** Lambda error names that mean "this callback is no longer waiting". */
const CLOSED_CALLBACK_ERRORS = new Set([
  "ResourceNotFoundException",
  "InvalidParameterValueException",
  "CallbackTimeoutException",
  "ResourceConflictException",
]);

export class LambdaWorkflowGateway implements WorkflowGateway {
  readonly #client: LambdaClient;
  readonly #functionName: string;
  readonly #qualifier: string | undefined;

  constructor(options: LambdaWorkflowOptions) {
    this.#client = options.client ?? new LambdaClient(CLIENT_CONFIG);
    this.#functionName = options.functionName;
    this.#qualifier = options.qualifier;
  }

  async startOrder(input: OrderWorkflowInput): Promise<void> {
    try {
      await this.#client.send(
        new InvokeCommand({
          FunctionName: this.#functionName,
          Qualifier: this.#qualifier,
          InvocationType: "Event",
          DurableExecutionName: input.orderId,
          Payload: new TextEncoder().encode(workflowPayload(input)),
        }),
      );
    } catch (error) {
      // Same name with the same payload answers the existing execution (no error). This error
      // means the same name with another payload: cannot happen while the payload is derived
      // from the stored order alone (order-workflow-input.ts); either way the order has its
      // execution, which is all a start must ensure.
      if ((error as Error).name === "DurableExecutionAlreadyStartedException") return;
      throw new ApiError("UPSTREAM_FAILED", "could not start the order workflow", { cause: error });
    }
  }

  async completeCallback(callbackId: string, result: CallbackResult): Promise<void> {
    try {
      await this.#client.send(
        new SendDurableExecutionCallbackSuccessCommand({
          CallbackId: callbackId,
          Result: new TextEncoder().encode(JSON.stringify(result)),
        }),
      );
    } catch (error) {
      if (CLOSED_CALLBACK_ERRORS.has((error as Error).name)) {
        throw new ApiError("INVALID_STATE", "the order moved on before this action arrived", {
          cause: error,
        });
      }
      throw new ApiError("UPSTREAM_FAILED", "could not reach the order workflow", { cause: error });
    }
  }

  /**
   * The order's execution and its status (`RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT`,
   * `STOPPED`), or undefined if it has none. Read with `GetDurableExecution` by `knownArn` (the
   * ARN the workflow recorded on the order) when there is one: it names the version the
   * execution runs on, whatever the alias points at now. Otherwise (an order the workflow has
   * not reached yet, or one from before the ARN was recorded) found by name, as the inspector
   * finds it: listed on the qualifier orders start on (without one Lambda lists `$LATEST` only).
   */
  async executionStatus(orderId: string, knownArn?: string): Promise<OrderExecution | undefined> {
    let arn = knownArn;
    if (!arn) {
      const { DurableExecutions } = await this.#client.send(
        new ListDurableExecutionsByFunctionCommand({
          FunctionName: this.#functionName,
          Qualifier: this.#qualifier,
          DurableExecutionName: orderId,
        }),
      );
      // The name filter may match on part of a name: only this order's own execution counts.
      arn = DurableExecutions?.find((e) => e.DurableExecutionName === orderId)?.DurableExecutionArn;
    }
    if (!arn) return undefined;
    try {
      const { Status } = await this.#client.send(
        new GetDurableExecutionCommand({ DurableExecutionArn: arn }),
      );
      if (!Status) throw new Error(`GetDurableExecution answered no status for ${arn}`);
      return { arn, status: Status };
    } catch (error) {
      // Only for the ARN the workflow recorded: one found by name a moment ago exists.
      if (knownArn && (error as Error).name === "ResourceNotFoundException") {
        return { arn, status: "GONE" };
      }
      throw error;
    }
  }

  async timeline(orderId: string): Promise<ExecutionTimeline | undefined> {
    const { DurableExecutions } = await this.#client.send(
      new ListDurableExecutionsByFunctionCommand({
        FunctionName: this.#functionName,
        Qualifier: this.#qualifier,
        DurableExecutionName: orderId,
        MaxItems: 1,
      }),
    );
    const arn = DurableExecutions?.[0]?.DurableExecutionArn;
    if (!arn) return undefined;
    const execution = await this.#client.send(
      new GetDurableExecutionCommand({ DurableExecutionArn: arn }),
    );
    const events: Event[] = [];
    let marker: string | undefined;
    // Pages until the end; an order's history is a few dozen events.
    for (let page = 0; page < 50; page++) {
      const history = await this.#client.send(
        new GetDurableExecutionHistoryCommand({
          DurableExecutionArn: arn,
          IncludeExecutionData: true,
          Marker: marker,
        }),
      );
      events.push(...(history.Events ?? []));
      marker = history.NextMarker;
      if (!marker) break;
    }
    return buildShopTimeline(execution, events);
  }
}
