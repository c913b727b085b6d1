import { describe, expect, it } from "vitest";
import { createApiClient } from "./api-client.js";
import { ApiError } from "./api-error.js";

function recording(status: number, body: unknown) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    requests.push({ url: String(input), init });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  };
  return { requests, api: createApiClient({ baseUrl: "http://x", fetch }) };
}

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("did not throw");
};

describe("createApiClient", () => {
  it("sends the bearer token and JSON body, and checks the answer", async () => {
    const { requests, api } = recording(200, { storeOpen: false });
    expect(await api.setStoreOpen(false, "t0k")).toEqual({ storeOpen: false });
    expect(requests[0]?.url).toBe("http://x/api/admin/store");
    expect(requests[0]?.init?.method).toBe("PUT");
    expect(new Headers(requests[0]?.init?.headers).get("authorization")).toBe("Bearer t0k");
    expect(requests[0]?.init?.body).toBe('{"open":false}');
  });

  it("turns the API's error body into an ApiError with its code and details", async () => {
    const { api } = recording(409, {
      error: {
        code: "INVALID_STATE",
        message: "cannot accept now (order is ACCEPTED)",
        status: "ACCEPTED",
      },
    });
    const error = await caught(api.act("ord_1", "accept", "t"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: "INVALID_STATE",
      status: 409,
      details: { status: "ACCEPTED" },
    });
  });

  it("reads a refused start's details, nested or beside the code, the same way", async () => {
    const nested = recording(409, {
      error: { code: "CUSTOMER_LIMIT", message: "open order", details: { orderId: "ord_9" } },
    });
    expect(await caught(nested.api.startOrder("qr"))).toMatchObject({
      code: "CUSTOMER_LIMIT",
      details: { orderId: "ord_9" },
    });
    const beside = recording(409, {
      error: { code: "CUSTOMER_LIMIT", message: "open order", orderId: "ord_9" },
    });
    expect((await caught(beside.api.startOrder("qr"))).details.orderId).toBe("ord_9");
  });

  it("calls a proxy's 502 page and a failed fetch NETWORK, an unexpected shape BAD_RESPONSE", async () => {
    expect((await caught(recording(502, "<html>bad gateway</html>").api.config())).code).toBe(
      "NETWORK",
    );
    const offline = createApiClient({
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect((await caught(offline.config())).code).toBe("NETWORK");
    expect((await caught(recording(200, { storeOpen: "yes" }).api.config())).code).toBe(
      "BAD_RESPONSE",
    );
  });
});
