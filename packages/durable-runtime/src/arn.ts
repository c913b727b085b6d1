/** Execution ARNs in Lambda's format, which the SDK itself parses. */
export interface ExecutionArnParts {
  region: string;
  accountId: string;
  functionName: string;
  qualifier: string;
  executionName: string;
  executionId: string;
}

const ARN_PATTERN =
  /^arn:aws:lambda:([^:]+):([^:]+):function:([^:/]+):([^:/]+)\/durable-execution\/([^/]+)\/([^/]+)$/;

export const formatExecutionArn = (p: ExecutionArnParts): string =>
  `arn:aws:lambda:${p.region}:${p.accountId}:function:${p.functionName}:${p.qualifier}/durable-execution/${p.executionName}/${p.executionId}`;

export const parseExecutionArn = (arn: string): ExecutionArnParts | undefined => {
  const m = ARN_PATTERN.exec(arn);
  if (!m) return undefined;
  const [, region, accountId, functionName, qualifier, executionName, executionId] = m;
  return {
    region: region!,
    accountId: accountId!,
    functionName: functionName!,
    qualifier: qualifier!,
    executionName: executionName!,
    executionId: executionId!,
  };
};

export const formatFunctionArn = (
  region: string,
  accountId: string,
  functionName: string,
  qualifier?: string,
): string =>
  `arn:aws:lambda:${region}:${accountId}:function:${functionName}${qualifier ? `:${qualifier}` : ""}`;
