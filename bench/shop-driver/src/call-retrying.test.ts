/**
 * `callRetrying` against a real HTTP server on 127.0.0.1 that refuses with 429 and a
 * `Retry-After`, as the API's rate limiter does, before it answers.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { callRetrying, retryAfterMs } from "./shop-driver.js";

interface Seen {
  at: number;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Answers each request with the next of `answers` (the last one for good). */
async function serve(answers: { status: number; headers?: Record<string, string> }[]) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    req.resume();
    const answer = answers[Math.min(seen.length, answers.length - 1)]!;
    seen.push({ at: performance.now() });
    const body =
      answer.status === 429
        ? { error: { code: "RATE_LIMITED", message: "too many requests" } }
        : { ok: true };
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, seen };
}

const limited = (seconds: string) => ({ status: 429, headers: { "retry-after": seconds } });

it("waits at least what Retry-After asks, plus jitter, before it sends again", async () => {
  const { base, seen } = await serve([limited("1"), { status: 200 }]);
  const retries: [string, number][] = [];
  const reply = await callRetrying(() => base, "POST", "/orders", {
    deadline: Date.now() + 60_000,
    onRetry: (reason, waitMs) => retries.push([reason, waitMs]),
    random: () => 0.5,
  });
  expect(reply.status).toBe(200);
  expect(seen).toHaveLength(2); // not one request every ≤ 500 ms
  // 1 s asked, an eighth more from the jitter (a quarter at most).
  expect(retries).toEqual([["429 RATE_LIMITED", 1125]]);
  // The server saw the second request no sooner than it asked (timers never fire early by
  // more than a millisecond's rounding; a slow machine only makes the gap longer).
  expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(1120);
}, 30_000);

it("caps a long Retry-After at maxRetryWaitMs, and keeps backing off while refused", async () => {
  const { base, seen } = await serve([limited("3600"), limited("3600"), { status: 200 }]);
  const waits: number[] = [];
  const reply = await callRetrying(() => base, "GET", "/orders/x", {
    deadline: Date.now() + 60_000,
    onRetry: (_reason, waitMs) => waits.push(waitMs),
    maxRetryWaitMs: 300,
    random: () => 0.99,
  });
  expect(reply.status).toBe(200);
  expect(seen).toHaveLength(3);
  expect(waits).toEqual([300, 300]);
}, 30_000);

it("never waits past the deadline: one last try there, then it gives up", async () => {
  const { base } = await serve([limited("3600")]);
  const waits: number[] = [];
  // Without the deadline's cap the first wait would be 30 s, past this test's timeout.
  const deadline = Date.now() + 2_000;
  await expect(
    callRetrying(() => base, "POST", "/orders", {
      deadline,
      onRetry: (_reason, waitMs) => waits.push(waitMs),
    }),
  ).rejects.toThrow("POST /orders: no answer before the deadline");
  expect(waits.length).toBeGreaterThanOrEqual(1);
  for (const wait of waits) expect(wait).toBeLessThanOrEqual(2_000);
}, 20_000);

it("backs off 50 ms doubling on a 503 without Retry-After, and reads the header's date form", async () => {
  const { base } = await serve([{ status: 503 }, { status: 503 }, { status: 200 }]);
  const waits: number[] = [];
  await callRetrying(() => base, "GET", "/x", {
    deadline: Date.now() + 60_000,
    onRetry: (_reason, waitMs) => waits.push(waitMs),
  });
  expect(waits).toEqual([50, 100]);

  const now = Date.parse("2026-12-07T12:00:00Z");
  expect(retryAfterMs("Mon, 07 Dec 2026 12:00:05 GMT", now)).toBe(5000);
  expect(retryAfterMs("Mon, 07 Dec 2026 11:59:00 GMT", now)).toBe(0);
  expect(retryAfterMs(" 20 ", now)).toBe(20_000);
  expect(retryAfterMs("soon", now)).toBeUndefined();
  expect(retryAfterMs(undefined, now)).toBeUndefined();
});
