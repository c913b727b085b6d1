/**
 * DynamoDB's JSON protocol on one keep-alive connection, for the heap tests' thousands of
 * requests. The AWS SDK's client (its middleware, a SigV4 signature per request) took more CPU
 * in the test's worker than the dynalite under test took to answer, beside the rest of the
 * suite on a 2-core machine; the requests on the wire are the same. dynalite checks that an
 * Authorization header has the parts of a signature, not the signature itself.
 */
import { Agent, request } from "node:http";

const AUTHORIZATION =
  "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, " +
  "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0";

export interface RawDynamo {
  /** Sends `operation` (`Query`, `TransactWriteItems`, …) with `input`; throws on an error answer. */
  send(operation: string, input: object): Promise<unknown>;
  close(): void;
}

export function rawDynamo(endpoint: string): RawDynamo {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send(operation, input) {
      const body = JSON.stringify(input);
      return new Promise((resolve, reject) => {
        const req = request(
          endpoint,
          {
            method: "POST",
            agent,
            headers: {
              "content-type": "application/x-amz-json-1.0",
              "content-length": Buffer.byteLength(body),
              "x-amz-target": `DynamoDB_20120810.${operation}`,
              "x-amz-date": "20260101T000000Z",
              authorization: AUTHORIZATION,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString();
              if (res.statusCode === 200) resolve(JSON.parse(text));
              else reject(new Error(`${operation}: ${res.statusCode} ${text}`));
            });
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
