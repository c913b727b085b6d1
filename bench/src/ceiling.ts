/**
 * The SDK's own ceiling: the handler on a transport that costs nothing (every checkpoint is
 * accepted at once, nothing is stored). No engine can be faster than this.
 */
import { DurableExecutionInvocationInputWithClient } from "@aws/durable-execution-sdk-js";

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const lambdaContext = {
  awsRequestId: "bench",
  functionName: "bench",
  getRemainingTimeInMillis: () => 900_000,
};

export async function runOnNullTransport(handler: Handler, input: unknown): Promise<unknown> {
  let token = 0;
  const client = {
    async checkpoint() {
      token++;
      return { CheckpointToken: `t${token}`, NewExecutionState: { Operations: [] } };
    },
    async getExecutionState() {
      return { Operations: [] };
    },
  };
  const event = new DurableExecutionInvocationInputWithClient(
    {
      DurableExecutionArn:
        "arn:aws:lambda:us-east-1:000000000000:function:bench/durable-execution/x/1",
      CheckpointToken: "t0",
      InitialExecutionState: {
        Operations: [
          {
            Id: "execution",
            Type: "EXECUTION",
            Status: "STARTED",
            ExecutionDetails: { InputPayload: JSON.stringify(input) },
          },
        ],
      },
    } as never,
    client as never,
  );
  const output = (await handler(event, lambdaContext)) as { Status?: string };
  if (output.Status !== "SUCCEEDED") throw new Error(`ceiling run ended ${output.Status}`);
  return output;
}
