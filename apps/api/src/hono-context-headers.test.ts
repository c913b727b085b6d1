/**
 * patches/hono@4.13.19.patch: Hono's context keeps headers set before `next()` (cors with
 * credentials does, on every request) by copying them onto the handler's response in place,
 * and rebuilds that response only when its headers cannot change. Rebuilding reads `body`,
 * which under @hono/node-server turns its light response into a web Response and sends a
 * string body through web streams: ≈60 µs more per request (client and server in one process,
 * `apps/api`'s middleware shape). These tests watch the response object itself: kept when its
 * headers can change, rebuilt (with every header) when they cannot.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { describe, expect, it } from "vitest";

/** Credentials make cors set a header before `next()`; `Vary` is set after it. */
function appAnswering(answer: () => Response) {
  let seenAfterNext: Response | undefined;
  const app = new Hono()
    .use(async (c, next) => {
      await next();
      seenAfterNext = c.res;
    })
    .use(cors({ origin: "https://shop.test", credentials: true }))
    .get("/", () => answer());
  return { app, seenAfterNext: () => seenAfterNext };
}

describe("Hono's context, patched", () => {
  it("keeps the handler's response and copies earlier headers onto it", async () => {
    let answered: Response | undefined;
    const { app, seenAfterNext } = appAnswering(() => {
      answered = Response.json({ ok: true }, { headers: { "x-own": "1" } });
      return answered;
    });
    const res = await app.request("/", { headers: { origin: "https://shop.test" } });
    expect(seenAfterNext()).toBe(answered);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.test");
    expect(res.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("x-own")).toBe("1");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ ok: true });
  });

  it("rebuilds a response whose headers cannot change, with every header", async () => {
    let answered: Response | undefined;
    const { app, seenAfterNext } = appAnswering(() => {
      answered = Response.redirect("https://shop.test/elsewhere", 302); // immutable headers
      return answered;
    });
    const res = await app.request("/", { headers: { origin: "https://shop.test" } });
    expect(seenAfterNext()).not.toBe(answered);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://shop.test/elsewhere");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("vary")).toBe("Origin");
  });

  it("keeps cookies set before next() as the unpatched context did", async () => {
    const app = new Hono()
      .use(async (c, next) => {
        c.header("set-cookie", "a=1", { append: true });
        c.header("set-cookie", "b=2", { append: true });
        c.res.headers.set("x-early", "yes");
        await next();
      })
      .get("/", (c) => c.text("hi"));
    const res = await app.request("/");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(res.headers.get("x-early")).toBe("yes");
    expect(await res.text()).toBe("hi");
  });
});
