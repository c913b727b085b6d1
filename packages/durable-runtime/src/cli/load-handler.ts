import { stat } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { FunctionSpec } from "./serve-options.js";
import { UsageError } from "./usage-error.js";

export type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * Imports a handler module (ESM, CJS, or TypeScript that Node can strip) and returns the named
 * export. A CJS module imported from ESM exposes `module.exports` as `default`, so the export is
 * looked up there too.
 */
export async function loadHandler(
  spec: Pick<FunctionSpec, "name" | "file" | "exportName">,
): Promise<Handler> {
  const info = await stat(spec.file).catch(() => undefined);
  if (!info?.isFile()) {
    throw new UsageError(`--function ${spec.name}: file not found: ${spec.file}`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(spec.file).href);
  } catch (error) {
    throw new UsageError(
      `--function ${spec.name}: could not load ${spec.file}: ${(error as Error).message}`,
    );
  }
  const fromDefault = mod.default as Record<string, unknown> | undefined;
  const candidate =
    spec.exportName === "default"
      ? mod.default
      : (mod[spec.exportName] ??
        (typeof fromDefault === "object" || typeof fromDefault === "function"
          ? fromDefault?.[spec.exportName]
          : undefined));
  if (typeof candidate !== "function") {
    const found = Object.keys(mod).join(", ") || "none";
    throw new UsageError(
      `--function ${spec.name}: ${spec.file} has no function export "${spec.exportName}" (exports: ${found})`,
    );
  }
  return candidate as Handler;
}
