import { registerHooks } from "node:module";

/** The SDK a handler may import; its subpaths too. */
const SDK = "@aws/durable-execution-sdk-js";
const isSdk = (specifier: string) => specifier === SDK || specifier.startsWith(`${SDK}/`);

/**
 * A handler file may live where its own directory resolves no copy of the official SDK (a
 * scratch file in /tmp, or the repository root, where pnpm hoists nothing). Rather than fail,
 * such an import gets the SDK the runtime itself depends on. A handler that resolves its own
 * copy keeps it: the hook only steps in when resolution fails. `registerHooks` runs
 * synchronously for `import` and `require` alike (Node ≥ 22.15).
 */
export function resolveSdkFromRuntime(): void {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!isSdk(specifier) || (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND")) {
          throw error;
        }
        return nextResolve(specifier, { ...context, parentURL: import.meta.url });
      }
    },
  });
}
