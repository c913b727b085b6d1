/**
 * The `sdk` benchmark's server (a child process): answers DynamoDB (JSON 1.0), EventBridge
 * (JSON 1.1) and Lambda (REST) calls at once with canned bodies, an order item as the shop stores
 * it for GetItem and UpdateItem. Sends its port to the parent.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const item = {
  orderId: { S: "01JXYZ0000000000000000000A" },
  status: { S: "IN_PROGRESS" },
  customerId: { S: "c-123456" },
  drinkId: { S: "latte" },
  drinkName: { S: "Caffè latte" },
  orderNumber: { N: "42" },
  createdAt: { S: "2026-12-07T12:00:00.000Z" },
  updatedAt: { S: "2026-12-07T12:00:01.000Z" },
  executionArn: {
    S: "arn:aws:lambda:us-east-1:000000000000:function:orders-workflow:$LATEST/durable-execution/01JXYZ/abc",
  },
  pendingCallback: {
    M: { callbackId: { S: "Y2FsbGJhY2staWQtMDEyMzQ1Njc4OWFiY2RlZg==" }, kind: { S: "ACCEPT" } },
  },
  options: { M: { size: { S: "M" }, milk: { S: "oat" } } },
  terms: { M: { price: { N: "350" }, currency: { S: "EUR" } } },
};
const bodies: Record<string, string> = {
  "DynamoDB_20120810.GetItem": JSON.stringify({ Item: item }),
  "DynamoDB_20120810.UpdateItem": JSON.stringify({ Attributes: item }),
  "DynamoDB_20120810.TransactWriteItems": "{}",
  "AWSEvents.PutEvents": JSON.stringify({
    Entries: [{ EventId: "11710aed-b79e-4468-a20b-bb3c0c3b4860" }],
    FailedEntryCount: 0,
  }),
};

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const target = request.headers["x-amz-target"];
    const body = (typeof target === "string" && bodies[target]) || "{}";
    response.writeHead(200, {
      "content-type": target?.includes("DynamoDB")
        ? "application/x-amz-json-1.0"
        : "application/json",
      "x-amzn-requestid": "00000000-0000-4000-8000-000000000000",
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
