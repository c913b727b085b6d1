/**
 * Another Node process's heap, read through its inspector (started with
 * `--inspect=127.0.0.1:PORT`, e.g. in NODE_OPTIONS): a full garbage collection there
 * (`HeapProfiler.collectGarbage`), then its `process.memoryUsage()`. A worker thread has a heap
 * of its own (the local stack runs its durable runtime in one): the inspector's NodeWorker domain
 * reaches each, and the process's figures are the sum over its threads. Nothing in the process
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
  /** The whole process's resident memory (every thread's). */
  rss: number;
  /** The process's worker threads, each on its own (the figures above include them). */
  workers: { title: string; heapUsed: number; code: number; external: number }[];
}

type Answer = {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
};

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
  /** Worker threads attached through NodeWorker: session id → title. */
  readonly #workers = new Map<string, string>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener("message", (event) => this.#receive(String(event.data)));
  }

  #receive(text: string): void {
    const message = JSON.parse(text) as Answer;
    if (message.method === "NodeWorker.attachedToWorker") {
      const { sessionId, workerInfo } = message.params as {
        sessionId: string;
        workerInfo: { title: string };
      };
      this.#workers.set(sessionId, workerInfo.title);
    } else if (message.method === "NodeWorker.detachedFromWorker") {
      this.#workers.delete((message.params as { sessionId: string }).sessionId);
    } else if (message.method === "NodeWorker.receivedMessageFromWorker") {
      // A worker's answer, wrapped: ids are unique across sessions, so one table serves all.
      this.#receive((message.params as { message: string }).message);
    }
    const waiter = message.id === undefined ? undefined : this.#pending.get(message.id);
    if (!waiter) return; // an event, not an answer
    this.#pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
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
    const inspected = new InspectedProcess(socket);
    // Running workers are announced (attachedToWorker) before this answers; they keep running.
    await inspected.#send("NodeWorker.enable", { waitForDebuggerOnStart: false });
    return inspected;
  }

  /** `method` in the main thread, or in the worker thread of `session`. */
  #send(method: string, params: object = {}, session?: string): Promise<unknown> {
    const id = this.#nextId++;
    const answer = new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    });
    const text = JSON.stringify({ id, method, params });
    if (session === undefined) {
      this.#socket.send(text);
      return answer;
    }
    return this.#send("NodeWorker.sendMessageToWorker", { sessionId: session, message: text }).then(
      () => answer,
    );
  }

  /**
   * Two full collections in each thread (the second picks up what the first's finalizers let
   * go), then the heaps: the process's is the sum of its threads'.
   */
  async heapAfterGc(): Promise<HeapFigures> {
    const main = await this.#threadHeap();
    const workers: (HeapFigures["workers"][number] & { rss: number })[] = [];
    for (const [session, title] of this.#workers) {
      workers.push({ title, ...(await this.#threadHeap(session)) });
    }
    const sum = (key: "heapUsed" | "code" | "external") =>
      workers.reduce((total, worker) => total + worker[key], main[key]);
    return {
      heapUsed: sum("heapUsed"),
      code: sum("code"),
      external: sum("external"),
      rss: main.rss,
      workers: workers.map(({ title, heapUsed, code, external }) => ({
        title,
        heapUsed,
        code,
        external,
      })),
    };
  }

  async #threadHeap(session?: string) {
    await this.#send("HeapProfiler.collectGarbage", {}, session);
    await this.#send("HeapProfiler.collectGarbage", {}, session);
    const { result } = (await this.#send(
      "Runtime.evaluate",
      {
        expression: `JSON.stringify({
        usage: process.memoryUsage(),
        spaces: process.getBuiltinModule("node:v8").getHeapSpaceStatistics(),
      })`,
        returnByValue: true,
      },
      session,
    )) as { result: { value: string } };
    const { usage, spaces } = JSON.parse(result.value) as {
      usage: NodeJS.MemoryUsage;
      spaces: { space_name: string; space_used_size: number }[];
    };
    const code = spaces
      .filter((s) => /^(code|trusted)_/.test(s.space_name))
      .reduce((sum, s) => sum + s.space_used_size, 0);
    // heapUsed and external are the thread's own isolate's; rss is the whole process's.
    return { heapUsed: usage.heapUsed, code, external: usage.external, rss: usage.rss };
  }

  close(): void {
    this.#socket.close();
  }
}
