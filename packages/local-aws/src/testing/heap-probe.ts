/**
 * A dynalite alone in a child process (`dynalite-heap-probe.ts`), for tests that measure its
 * heap without their own allocations in it; and a client on it.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LOCAL_CLIENT_CONFIG } from "../local-dynamo.js";
import { type RawDynamo, rawDynamo } from "./raw-dynamo.js";

const PROBE = fileURLToPath(new URL("./dynalite-heap-probe.ts", import.meta.url));

export interface HeapMeasure {
  /** Bytes of heap in use after two full garbage collections. */
  heapUsed: number;
  /** Of it, compiled code: V8's code and trusted spaces. */
  code: number;
  /** Iterators (and other resources) open on dynalite's LevelDB database. */
  openResources: number;
}

export interface HeapProbe {
  client: DynamoDBClient;
  /** The same server without the SDK, for a test's thousands of requests. */
  raw: RawDynamo;
  measure(): Promise<HeapMeasure>;
  /** Ends the process and the client. */
  close(): void;
}

/** Starts the probe on `dataDir` (in memory without one). */
export async function startHeapProbe(dataDir?: string): Promise<HeapProbe> {
  const probe: ChildProcess = fork(PROBE, dataDir ? [dataDir] : [], {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const nextMessage = <T>() =>
    new Promise<T>((resolve, reject) => {
      probe.once("message", (message) => resolve(message as T));
      probe.once("exit", (code) => reject(new Error(`the probe exited (${code})`)));
    });
  let endpoint: string;
  try {
    ({ endpoint } = await nextMessage<{ endpoint: string }>());
  } catch (error) {
    probe.kill();
    throw error;
  }
  const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint });
  const raw = rawDynamo(endpoint);
  return {
    client,
    raw,
    async measure() {
      const answer = nextMessage<HeapMeasure>();
      probe.send("measure");
      return answer;
    },
    close() {
      client.destroy();
      raw.close();
      probe.disconnect();
    },
  };
}
