/**
 * The official SDK recognises the runtime's event by its class name (among other marks). A
 * bundler renames a top-level class whose name another bundled module already uses, as when the
 * SDK's own class of this name is bundled beside the runtime (the local stack's bundle): the name
 * must survive that.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));

it("keeps the event's class name when a bundler renames the class", async () => {
  const bundled = await build({
    stdin: {
      // Another module's class of the same name is bundled first, so the runtime's is renamed.
      contents: [
        'export { other } from "other-sdk-copy";',
        'export { DurableExecutionInvocationInputWithClient as Event } from "./invocation-input.ts";',
      ].join("\n"),
      resolveDir: here,
      loader: "ts",
    },
    plugins: [
      {
        name: "other-sdk-copy",
        setup(b) {
          b.onResolve({ filter: /^other-sdk-copy$/ }, () => ({
            path: "other",
            namespace: "other",
          }));
          b.onLoad({ filter: /.*/, namespace: "other" }, () => ({
            contents: [
              "class DurableExecutionInvocationInputWithClient {}",
              "export const other = new DurableExecutionInvocationInputWithClient();",
            ].join("\n"),
          }));
        },
      },
    ],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "silent",
  });
  const code = bundled.outputFiles[0]!.text;
  // The bundler did rename it (otherwise this test proves nothing).
  expect(code).toMatch(/DurableExecutionInvocationInputWithClient\d/);

  const file = path.join(await mkdtemp(path.join(tmpdir(), "invocation-input-")), "bundle.mjs");
  await writeFile(file, code);
  const { Event } = (await import(pathToFileURL(file).href)) as {
    Event: new (...args: unknown[]) => object;
  };
  const event = new Event({}, "arn", "token", { Operations: [] }, []);
  expect(event.constructor.name).toBe("DurableExecutionInvocationInputWithClient");
  expect(Object.prototype.toString.call(event)).toBe(
    "[object DurableExecutionInvocationInputWithClient]",
  );
});
