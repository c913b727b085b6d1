/**
 * Preloaded (`--import`) into the bench's DynamoDB server, the same dynalite process the stack
 * runs (`startLocalDynamo`): a meter inside the server's own request handler. Every request asks
 * for `ReturnConsumedCapacity: TOTAL` before dynalite reads it, and the meter tallies requests
 * per operation and item kind, the capacity units each answer reports, and the time dynalite took
 * from the whole request to its answer.
 *
 * In the server rather than in a proxy in front of it: a proxy cost the bench's process about as
 * much CPU per order as the driver's customers and baristas, and put a loopback hop in every
 * DynamoDB call the stack made, both of which the stack's figures then paid for on a 2-core
 * machine. Its own time here is measured and reported, so that it can be left out of the
 * server's.
 *
 * `GET /__meter` answers the tally as JSON, `DELETE /__meter` starts a new one; dynalite serves
 * nothing under that path. Bench code only.
 */
import { EventEmitter } from "node:events";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { type DynamoTally, emptyTally, meterRequest } from "./dynamo-tally.js";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

let tally: DynamoTally = emptyTally();

function serveTally(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === "DELETE") tally = emptyTally();
  const body = JSON.stringify(tally);
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
}

/** Reads the whole request, meters it, then hands dynalite the (rewritten) request. */
function metered(server: http.Server, listeners: Listener[]): Listener {
  return (req, res) => {
    if (req.url?.startsWith("/__meter")) return serveTally(req, res);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const began = performance.now();
      const meter = meterRequest(tally, req.headers, Buffer.concat(chunks));
      const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        const answered = performance.now();
        meter.answered(chunk, answered - began);
        tally.meterMs += performance.now() - answered;
        return end(chunk, ...rest);
      }) as ServerResponse["end"];
      // What dynalite reads of a request: its headers, method, url and body events.
      const replay = Object.assign(new EventEmitter(), {
        headers: req.headers,
        method: req.method,
        url: req.url,
      }) as unknown as IncomingMessage;
      tally.meterMs += performance.now() - began;
      for (const listener of listeners) listener.call(server, replay, res);
      replay.emit("data", meter.body);
      replay.emit("end");
    });
  };
}

// dynalite creates its server with `http.createServer(handler)` when its module is loaded (after
// this preload): the handler is moved behind the meter.
const createServer = http.createServer;
http.createServer = ((...args: Parameters<typeof http.createServer>) => {
  const server = createServer(...args);
  const listeners = server.listeners("request") as Listener[];
  server.removeAllListeners("request");
  server.on("request", metered(server, listeners));
  return server;
}) as typeof http.createServer;
