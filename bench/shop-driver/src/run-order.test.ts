/**
 * `runOrder`'s start against a real HTTP server on 127.0.0.1 that plays the API's side of a QR
 * code used up: the refused code is handed back to the shop's source, which replaces it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it, vi } from "vitest";
import { runOrder } from "./shop-driver.js";

const servers: Server[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const ORDER = "ord_01HZZZZZZZZZZZZZZZZZZZZZZZ";

/**
 * POST /orders refuses the code "spent" (used up) and takes "fresh"; the order is COMPLETED.
 * With `orphan`, POST /orders answers ORDER_EXISTS (an earlier try's answer was lost) and the
 * order reads AWAITING_ORDER until its `orphan`th read, then CANCELLED (the customer timeout).
 */
async function serve(orphan?: number) {
  const tokens: string[] = [];
  let reads = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "POST" && req.url === "/orders") {
        const { token } = JSON.parse(Buffer.concat(chunks).toString()) as { token: string };
        tokens.push(token);
        if (orphan !== undefined) {
          json(409, { error: { code: "ORDER_EXISTS", message: "the order exists" } });
        } else if (token === "spent") {
          json(409, { error: { code: "TOKEN_EXHAUSTED", message: "this code is used up" } });
        } else json(202, { orderId: ORDER, customerToken: "customer" });
      } else if (req.method === "GET" && req.url === `/orders/${ORDER}`) {
        reads++;
        const status =
          orphan === undefined ? "COMPLETED" : reads < orphan ? "AWAITING_ORDER" : "CANCELLED";
        json(200, { orderId: ORDER, status });
      } else json(404, {});
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    reads: () => reads,
  };
}

it("hands a refused QR code back to the shop's source and starts with the next one", async () => {
  const { base, tokens } = await serve();
  const asked: (string | undefined)[] = [];
  const run = await runOrder(
    {
      base: () => base,
      barista: "barista",
      qr: async (refused) => {
        asked.push(refused);
        return refused === "spent" ? "fresh" : "spent";
      },
      deadline: Date.now() + 60_000,
    },
    ORDER,
    "complete",
    "127.0.0.1",
  );
  expect(run.final).toBe("COMPLETED");
  expect(asked).toEqual([undefined, "spent"]);
  expect(tokens).toEqual(["spent", "fresh"]);
});

it("gives up at the deadline when every code is refused, instead of starting for ever", async () => {
  const { base, tokens } = await serve();
  await expect(
    runOrder(
      { base: () => base, barista: "barista", qr: async () => "spent", deadline: Date.now() + 300 },
      ORDER,
      "complete",
      "127.0.0.1",
    ),
  ).rejects.toThrow(`start ${ORDER}: QR code refused until the deadline (TOKEN_EXHAUSTED)`);
  expect(tokens.length).toBeGreaterThanOrEqual(1);
});

it("reads an order it does not own, waiting for its customer, every orphanPollMs", async () => {
  const { base, reads } = await serve(3);
  // A controlled clock for the driver's waits between reads; the HTTP stays real.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const run = runOrder(
    {
      base: () => base,
      barista: "barista",
      qr: async () => "fresh",
      deadline: Date.now() + 600_000,
      pollMs: 60_000,
      orphanPollMs: 1_000,
    },
    ORDER,
    "complete",
    "127.0.0.1",
  );
  // Each second of the clock brings the next read; pollMs (a minute) would bring none.
  for (let read = 1; read < 3; read++) {
    await expect.poll(reads, { timeout: 20_000 }).toBe(read);
    await vi.advanceTimersByTimeAsync(1_000);
  }
  const ended = await run;
  expect(ended).toMatchObject({ owned: false, final: "CANCELLED" });
  expect(ended.seen).toEqual(["AWAITING_ORDER", "CANCELLED"]);
  expect(reads()).toBe(3);
}, 60_000);
