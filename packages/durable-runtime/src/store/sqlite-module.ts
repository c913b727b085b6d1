import { createRequire } from "node:module";

type SqliteModule = typeof import("node:sqlite");

let loaded: SqliteModule | undefined;

/**
 * Loads node:sqlite while muting the one ExperimentalWarning it emits on load (Node 22 marks
 * the module experimental; it ships with Node, so no native build). Every other warning still
 * reaches `process.emitWarning`.
 */
export const loadSqlite = (): SqliteModule => {
  if (loaded) return loaded;
  const original = process.emitWarning;
  process.emitWarning = function filtered(
    this: unknown,
    warning: string | Error,
    ...rest: unknown[]
  ) {
    const text = typeof warning === "string" ? warning : warning.message;
    const type =
      typeof rest[0] === "string"
        ? rest[0]
        : ((rest[0] as { type?: string } | undefined)?.type ??
          (warning instanceof Error ? warning.name : undefined));
    if (type === "ExperimentalWarning" && /SQLite/i.test(text)) return;
    return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    loaded = createRequire(import.meta.url)("node:sqlite") as SqliteModule;
  } finally {
    process.emitWarning = original;
  }
  return loaded;
};
