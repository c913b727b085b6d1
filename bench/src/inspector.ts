/**
 * Another Node process's heap, read through its inspector (started with
 * `--inspect=127.0.0.1:PORT`, e.g. in NODE_OPTIONS): a full garbage collection there
 * (`HeapProfiler.collectGarbage`), then its `process.memoryUsage()`. Nothing in the process
 * changes to allow it, and nothing runs there between measurements.
 */
import { createServer } from "node:net";

export interface HeapFigures {
  /** V8 heap in use after the collection, bytes. */
  heapUsed: number;
  /**
   * Of it, compiled code and its metadata (V8's code and trusted spaces: machine code,
   * bytecode, deoptimization data): grows while functions are still being compiled and
   * optimized, then stops.
   */
  code: number;
  /** Memory of C++ objects bound to JavaScript ones (buffers, SQLite, LevelDB handles). */
  external: number;
  rss: number;
}

/** A port on 127.0.0.1 free a moment ago, for an inspector to listen on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `--inspect` for NODE_OPTIONS: on loopback only, at `port`. */
export const inspectFlag = (port: number) => `--inspect=127.0.0.1:${port}`;

export class InspectedProcess {
  readonly #socket: WebSocket;
  #nextId = 1;
  readonly #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const waiter = message.id === undefined ? undefined : this.#pending.get(message.id);
      if (!waiter) return; // an event, not an answer
      this.#pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  /** Connects to the inspector listening on `port` (waits for it for up to `timeoutMs`). */
  static async connect(port: number, timeoutMs = 30_000): Promise<InspectedProcess> {
    const until = Date.now() + timeoutMs;
    let targets: { webSocketDebuggerUrl: string }[] | undefined;
    while (!targets?.length) {
      try {
        targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
          webSocketDebuggerUrl: string;
        }[];
      } catch (error) {
        if (Date.now() > until) throw new Error(`no inspector on port ${port}: ${error}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.addEventListener("open", resolve, { once: true });
      socket.addEventListener("error", () => reject(new Error("inspector refused")), {
        once: true,
      });
    });
    return new InspectedProcess(socket);
  }

  #send(method: string, params: object = {}): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Two full collections (the second picks up what the first's finalizers let go), then the heap. */
  async heapAfterGc(): Promise<HeapFigures> {
    await this.#send("HeapProfiler.collectGarbage");
    await this.#send("HeapProfiler.collectGarbage");
    const { result } = (await this.#send("Runtime.evaluate", {
      expression: `JSON.stringify({
        usage: process.memoryUsage(),
        spaces: process.getBuiltinModule("node:v8").getHeapSpaceStatistics(),
      })`,
      returnByValue: true,
    })) as { result: { value: string } };
    const { usage, spaces } = JSON.parse(result.value) as {
      usage: NodeJS.MemoryUsage;
      spaces: { space_name: string; space_used_size: number }[];
    };
    const code = spaces
      .filter((s) => /^(code|trusted)_/.test(s.space_name))
      .reduce((sum, s) => sum + s.space_used_size, 0);
    return { heapUsed: usage.heapUsed, code, external: usage.external, rss: usage.rss };
  }

  close(): void {
    this.#socket.close();
  }
}
