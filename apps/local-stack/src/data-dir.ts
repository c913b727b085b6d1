/** The local data directory (`DATA_DIR`, default `.data` at the repo root) and its secrets. */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

/** Relative paths are resolved against where `pnpm` was run (INIT_CWD), i.e. the repo root. */
export function resolveDataDir(dataDir: string, initCwd: string | undefined): string {
  return isAbsolute(dataDir) ? dataDir : resolve(initCwd ?? process.cwd(), dataDir);
}

/**
 * The HMAC key for local session tokens, generated on first start and kept in the data
 * directory, so sessions survive a restart and a fresh directory means fresh sessions.
 */
export function loadSessionSecret(dataDir: string): Uint8Array {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "session-secret");
  try {
    const secret = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
    if (secret.length >= 32) return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32);
  writeFileSync(file, `${secret.toString("base64")}\n`, { mode: 0o600 });
  return secret;
}
