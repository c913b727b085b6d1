import { describe, expect, it } from "vitest";

// The Lambda entry reads its settings at import, as it does in AWS.
process.env.SESSION_SECRET = "x".repeat(40);
process.env.AWS_REGION = "us-east-1";
const { handler } = await import("./lambda.js");

const httpApiEvent = (method: string, path: string, headers: Record<string, string> = {}) => ({
  version: "2.0",
  routeKey: "$default",
  rawPath: path,
  rawQueryString: "",
  headers: { host: "api.example.com", ...headers },
  requestContext: {
    http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.9", userAgent: "test" },
    domainName: "api.example.com",
    requestId: "r1",
    stage: "$default",
  },
  isBase64Encoded: false,
});

describe("lambda handler", () => {
  it("serves the app through API Gateway's HTTP API event shape, errors as JSON", async () => {
    const res = (await handler(httpApiEvent("GET", "/api/auth/me") as never, {} as never)) as {
      statusCode: number;
      body: string;
      headers: Record<string, string>;
    };
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });
});
