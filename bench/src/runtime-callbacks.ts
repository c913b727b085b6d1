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
    // [round, ms]: the round number is the history's length in callbacks.
    const suspended: [number, number][] = [];
    const backToBack: [number, number][] = [];
    for (let i = 1; i < rounds; i++) {
      // Even rounds: the callback arrives once the execution has suspended (the invocation has
      // returned PENDING), as a person's answer does. Odd rounds: it arrives the instant the id is
      // issued, so it also waits out the SDK's 20 ms termination cooldown of the live invocation.
      const afterSuspension = i % 2 === 0;
      if (afterSuspension) await runtime.settle();
      const start = nowMs();
      const waiting = nextId();
      await lambda.send(
        new SendDurableExecutionCallbackSuccessCommand({
          CallbackId: callbackId,
          Result: new TextEncoder().encode(JSON.stringify({ i })),
        }),
      );
      callbackId = await waiting;
      (afterSuspension ? suspended : backToBack).push([i, nowMs() - start]);
    }
    // The first rounds warm up the JIT; after that each band is rounds [from, to).
    const row = (name: string, all: [number, number][], from = 10, to = rounds) => {
      const warm = all.filter(([i]) => i >= from && i < to).map(([, ms]) => ms);
      return {
        "callback sent": name,
        "history (callbacks)": `${from}–${to}`,
        rounds: warm.length,
        "p50 ms": round(percentile(warm, 50)),
        "p90 ms": round(percentile(warm, 90)),
        "p99 ms": round(percentile(warm, 99)),
        "max ms": round(Math.max(...warm)),
      };
    };
    return {
      title: "Callback completion → next callback id (HTTP, SQLite)",
      note:
        "One execution looping on waitForCallback; target p50 < 5 ms for a suspended execution." +
        " Each round re-invokes the handler, which replays the whole history: a round costs more" +
        " as the history grows, hence the bands. Back-to-back rounds include the SDK's own 20 ms" +
        " cooldown before a live invocation ends.",
      rows: [
        row("after suspension", suspended),
        ...(rounds > 200
          ? [
              row("after suspension", suspended, 10, 100),
              row("after suspension", suspended, rounds - 100, rounds),
            ]
          : []),
        row("back to back", backToBack),
      ],
    };
  } finally {
    lambda.destroy();
    await server.close();
    await close();
  }
}
