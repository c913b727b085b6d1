/**
 * patches/hono@4.13.19.patch: Hono's `bodyLimit` decides from the headers when they suffice and
 * reads the body only to count a body of unknown length, or to drop the rest of one it refuses.
 * Reading `raw.body` is what costs under @hono/node-server (a whole web Request per request), so
 * these tests watch that read. (The refusal over real HTTP: the durable runtime's
 * serve-http.integration.test.ts.)
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { describe, expect, it } from "vitest";

const app = new Hono()
  .use(bodyLimit({ maxSize: 10, onError: (c) => c.text("too large", 413) }))
  .all("/", (c) => c.text("ok"));

/** A request whose `body` reads are counted. */
function watched(init: RequestInit & { headers?: Record<string, string> }) {
  const request = new Request("http://shop.test/", init);
  let bodyReads = 0;
  const proxy = new Proxy(request, {
    get(target, key) {
      if (key === "body") bodyReads++;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { request: proxy, bodyReads: () => bodyReads };
}

describe("Hono's bodyLimit, patched", () => {
  it("lets a GET or HEAD through without reading a body", async () => {
    for (const method of ["GET", "HEAD"]) {
      const w = watched({ method });
      expect((await app.fetch(w.request)).status).toBe(200);
      expect(w.bodyReads()).toBe(0);
    }
  });

  it("decides from Content-Length, without reading a body under the limit", async () => {
    const under = watched({ method: "POST", body: "hello", headers: { "content-length": "5" } });
    expect((await app.fetch(under.request)).status).toBe(200);
    expect(under.bodyReads()).toBe(0);

    const over = watched({
      method: "POST",
      body: "a body longer than ten bytes",
      headers: { "content-length": "28" },
    });
    expect((await app.fetch(over.request)).status).toBe(413);
  });

  it("reads a refused body to its end before answering, a chunked one and a declared one", async () => {
    for (const headers of [{}, { "content-length": String(8 * 1024) }]) {
      let pulls = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls++;
          if (pulls > 8) controller.close();
          else controller.enqueue(new Uint8Array(1024));
        },
      });
      const request = new Request("http://shop.test/", {
        method: "POST",
        body,
        headers,
        duplex: "half",
      } as RequestInit);
      expect((await app.fetch(request)).status).toBe(413);
      // Eight pieces and the end: nothing left for the client to be cut off sending.
      expect(pulls).toBe(9);
    }
  });

  it("still counts a body of unknown length, and refuses one over the limit", async () => {
    const under = watched({ method: "POST", body: "hello" });
    expect((await app.fetch(under.request)).status).toBe(200);
    expect(under.bodyReads()).toBeGreaterThan(0);

    const over = watched({ method: "POST", body: "a body longer than ten bytes" });
    expect((await app.fetch(over.request)).status).toBe(413);
  });
});
