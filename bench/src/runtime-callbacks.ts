/**
 * Callback round trip over HTTP: from `SendDurableExecutionCallbackSuccess` sent by
 * `@aws-sdk/client-lambda` to the runtime's Lambda-compatible endpoint, until the handler's next
 * `waitForCallback` submitter receives its new callback id (re-invocation, replay, checkpoint).
 */
import { LambdaClient, SendDurableExecutionCallbackSuccessCommand } from "@aws-sdk/client-lambda";
import { serveHttp } from "@coffee/durable-runtime";
import { openRuntime } from "./engines.js";
import { callbackLoopHandler } from "./handlers.js";
import type { Section } from "./report.js";
import { nowMs, percentile, round } from "./stats.js";

export async function benchCallbackLatency(rounds: number): Promise<Section> {
  const { runtime, close } = openRuntime("sqlite");
  let next: ((id: string) => void) | undefined;
  const ids: string[] = [];
  runtime.register(
    "callbacks",
    callbackLoopHandler((id) => {
      if (next) next(id);
      else ids.push(id);
    }) as never,
  );
  const server = await serveHttp(runtime as never, { port: 0 });
  const lambda = new LambdaClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const nextId = () =>
    new Promise<string>((resolve) => {
      const queued = ids.shift();
      if (queued) return resolve(queued);
      next = (id) => {
        next = undefined;
        resolve(id);
      };
    });
  try {
    await runtime.startExecution({
      functionName: "callbacks",
      executionName: "cb",
      input: { rounds },
    });
    let callbackId = await nextId();
    const samples: number[] = [];
    for (let i = 1; i < rounds; i++) {
      const start = nowMs();
      const waiting = nextId();
      await lambda.send(
        new SendDurableExecutionCallbackSuccessCommand({
          CallbackId: callbackId,
          Result: new TextEncoder().encode(JSON.stringify({ i })),
        }),
      );
      callbackId = await waiting;
      samples.push(nowMs() - start);
    }
    const warm = samples.slice(Math.min(20, Math.floor(samples.length / 10)));
    return {
      title: "Callback completion → next callback id (HTTP, SQLite)",
      note: `${warm.length} rounds in one execution after warm-up; target p50 < 5 ms.`,
      rows: [
        {
          rounds: warm.length,
          "p50 ms": round(percentile(warm, 50)),
          "p90 ms": round(percentile(warm, 90)),
          "p99 ms": round(percentile(warm, 99)),
          "max ms": round(Math.max(...warm)),
        },
      ],
    };
  } finally {
    lambda.destroy();
    await server.close();
    await close();
  }
}
