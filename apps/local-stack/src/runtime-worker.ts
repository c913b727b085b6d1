/**
 * The entry of the stack's runtime thread (started by `runtime-thread.ts`): the durable runtime
 * and the order workflow, with the settings it was given and the environment the stack set up.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type RuntimeHostSettings, startRuntimeHost } from "./runtime-host.js";
import type { FromRuntimeThread, ToRuntimeThread } from "./runtime-thread.js";

const port = parentPort!;
const send = (message: FromRuntimeThread) => port.postMessage(message);

try {
  const host = await startRuntimeHost(workerData as RuntimeHostSettings);
  port.on("message", (message: ToRuntimeThread) => {
    if (message.type !== "close") return;
    void host.close().then(
      () => send({ type: "closed" }),
      (error: unknown) => {
        console.error("coffee: closing the durable runtime failed", error);
        send({ type: "closed" });
      },
    );
  });
  send({ type: "ready", url: host.url });
} catch (error) {
  send(startFailure(error));
}

/** What the stack needs to rethrow `error`: a thread clones an Error's message, stack and cause only. */
function startFailure(error: unknown): FromRuntimeThread {
  const fields: Record<string, string | number | boolean> = {};
  if (error instanceof Error) {
    for (const [key, value] of Object.entries(error)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        fields[key] = value;
      }
    }
  }
  const name = error instanceof Error ? error.name : "Error";
  try {
    // Whether it clones (a cause may hold what cannot): tried here, not in postMessage.
    structuredClone(error);
    return { type: "failed", error, name, fields };
  } catch {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { type: "failed", error: new Error(text), name, fields };
  }
}
