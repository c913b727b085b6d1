import { formatFunctionArn } from "../arn.js";
import { LambdaHttpError } from "./lambda-error.js";
import type { RuntimeFace } from "./runtime-face.js";

/**
 * Versions and logs as the local face reports them. There are no published versions or aliases
 * here: a numeric qualifier is kept (it names a version), `$LATEST` too, and an alias resolves to
 * `$LATEST`, the only code there is. Lambda reports the resolved version, never the alias, in
 * `X-Amz-Executed-Version` and in the execution ARN (whose pattern admits versions only).
 */
export function localVersion(qualifier: string | undefined): string {
  if (qualifier === undefined) return "$LATEST";
  return /^(\$LATEST(\.PUBLISHED)?|\d+)$/.test(qualifier) ? qualifier : "$LATEST";
}

/**
 * `LogType: Tail`: Lambda answers the last 4 KB of the invocation's log, base64, in
 * `X-Amz-Log-Result`. The runtime does not capture handler output, so the tail holds the
 * platform's own START / END / REPORT lines for the request.
 */
export function tailLog(requestId: string, version: string, durationMs: number): string {
  const log = [
    `START RequestId: ${requestId} Version: ${version}`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\t`,
    "",
  ].join("\n");
  return Buffer.from(log.slice(-4096)).toString("base64");
}

/** Lambda names the function it did not find by its ARN, with the qualifier asked for. */
export const functionNotFound = (runtime: RuntimeFace, name: string, qualifier?: string) =>
  new LambdaHttpError(
    "ResourceNotFoundException",
    404,
    `Function not found: ${formatFunctionArn(runtime.region ?? "us-east-1", runtime.accountId ?? "000000000000", name, qualifier)}`,
  );
