/**
 * `runOrder`'s start against a real HTTP server on 127.0.0.1 that plays the API's side of a QR
 * code used up: the refused code is handed back to the shop's source, which replaces it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { runOrder } from "./shop-driver.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const ORDER = "ord_01HZZZZZZZZZZZZZZZZZZZZZZZ";

/** POST /orders refuses the code "spent" (used up) and takes "fresh"; the order is COMPLETED. */
async function serve() {
  const tokens: string[] = [];
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
        if (token === "spent") {
          json(409, { error: { code: "TOKEN_EXHAUSTED", message: "this code is used up" } });
        } else json(202, { orderId: ORDER, customerToken: "customer" });
      } else if (req.method === "GET" && req.url === `/orders/${ORDER}`) {
        json(200, { orderId: ORDER, status: "COMPLETED" });
      } else json(404, {});
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tokens };
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
