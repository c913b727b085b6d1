/**
 * patches/hono@4.13.19.patch: Hono's `bodyLimit` decides from the headers when they suffice and
 * reads the body only to count a body of unknown length. Reading `raw.body` is what costs under
 * @hono/node-server (a whole web Request per request), so these tests watch that read.
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

  it("decides from Content-Length, without reading the body, under and over the limit", async () => {
    const under = watched({ method: "POST", body: "hello", headers: { "content-length": "5" } });
    expect((await app.fetch(under.request)).status).toBe(200);
    expect(under.bodyReads()).toBe(0);

    const over = watched({
      method: "POST",
      body: "a body longer than ten bytes",
      headers: { "content-length": "28" },
    });
    expect((await app.fetch(over.request)).status).toBe(413);
    expect(over.bodyReads()).toBe(0);
  });

  it("still counts a body of unknown length, and refuses one over the limit", async () => {
    const under = watched({ method: "POST", body: "hello" });
    expect((await app.fetch(under.request)).status).toBe(200);
    expect(under.bodyReads()).toBeGreaterThan(0);

    const over = watched({ method: "POST", body: "a body longer than ten bytes" });
    expect((await app.fetch(over.request)).status).toBe(413);
  });
});
