/**
 * dynalite alone in a process, for measuring it from a test: run with
 * `node --expose-gc dynalite-heap-probe.ts [dataDir]` and an IPC channel. It listens on a
 * loopback port, sends `{ endpoint }` once listening, and answers each `"measure"` message with
 * `{ heapUsed, code, openResources }`: the heap after a full garbage collection, how much of it is
 * compiled code (V8's code and trusted spaces, which grow while V8 still optimizes functions),
 * and how many iterators (and other resources) are open on its LevelDB database.
 */
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { getHeapSpaceStatistics } from "node:v8";
import dynalite from "dynalite";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error("run with --expose-gc and an IPC channel");

// abstract-level, which both of dynalite's backends build on, attaches every iterator to its
// database until the iterator is closed: counting attach and detach counts the open ones.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve("dynalite"));
const fromBackend = createRequire(fromDynalite.resolve("memory-level"));
const { AbstractLevel } = fromBackend("abstract-level") as {
  AbstractLevel: { prototype: Record<string, (resource: unknown) => void> };
};
let openResources = 0;
const { attachResource, detachResource } = AbstractLevel.prototype;
AbstractLevel.prototype.attachResource = function (this: unknown, resource: unknown) {
  openResources++;
  attachResource?.call(this, resource);
};
AbstractLevel.prototype.detachResource = function (this: unknown, resource: unknown) {
  openResources--;
  detachResource?.call(this, resource);
};

const dataDir = process.argv[2];
const server = dynalite({
  path: dataDir,
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ endpoint: `http://127.0.0.1:${port}` });
});
process.on("message", (message) => {
  if (message !== "measure") return;
  gc();
  gc();
  const code = getHeapSpaceStatistics()
    .filter((space) => /^(code|trusted)_/.test(space.space_name))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  process.send?.({ heapUsed: process.memoryUsage().heapUsed, code, openResources });
});
process.on("disconnect", () => process.exit(0));
