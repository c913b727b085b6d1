/** The local data directory (`DATA_DIR`, default `.data` at the repo root) and its secrets. */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, statfsSync, writeFileSync } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import type { StorageCheck, StorageFault } from "@coffee/api";
import { LocalStackError } from "./local-stack-error.js";

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

/** Bytes written to find out whether the data directory takes writes: more than a tiny file. */
const PROBE_BYTES = 64 * 1024;

const FULL = new Set(["ENOSPC", "EDQUOT"]);
const READ_ONLY = new Set(["EROFS", "EACCES", "EPERM"]);

interface WriteFailure {
  full: boolean;
  /** The system's words, e.g. "ENOSPC: no space left on device". */
  cause: string;
}

/** Writes (and syncs) a small file in the directory and removes it: why that failed, if it did. */
async function probeWrite(dataDir: string): Promise<WriteFailure | undefined> {
  const file = join(dataDir, `.write-check-${process.pid}`);
  try {
    await mkdir(dataDir, { recursive: true });
    const handle = await open(file, "w");
    try {
      await handle.write(Buffer.alloc(PROBE_BYTES));
      await handle.sync();
    } finally {
      await handle.close();
    }
    return undefined;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const cause = message.split(",")[0] ?? message;
    if (code && FULL.has(code)) return { full: true, cause };
    if (code && READ_ONLY.has(code)) return { full: false, cause };
    throw error;
  } finally {
    await rm(file, { force: true }).catch(() => undefined);
  }
}

/**
 * Below this much free space a check before a write tests the disk with a probe write instead of
 * trusting the free-space count: stores need room for more than the request (logs, compaction).
 */
const LOW_SPACE_BYTES = 1024 * 1024;

/**
 * Free bytes for an unprivileged writer; undefined if the directory does not exist (yet).
 * Synchronous: it runs before every write request, and the call itself takes ≈2 µs, while the
 * promise form's trip through the thread pool cost ≈20 µs and showed as 2–3 % of the local
 * stack's CPU profile under load.
 */
function freeBytes(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Whether the data directories (DATA_DIR, and the local DynamoDB's directory in it, which may be
 * a disk of its own) take writes now: the fault, with a message naming the directory and the
 * cause, so that the caller gets 503 saying so instead of an internal error. Before a write it
 * costs one `statfs` per directory while there is room; after a failure it tests each directory.
 */
export async function dataDirFault(
  dirs: readonly string[],
  when: StorageCheck,
): Promise<StorageFault | undefined> {
  for (const dir of dirs) {
    if (when === "before-write") {
      const free = freeBytes(dir);
      if (free === undefined || free >= LOW_SPACE_BYTES) continue;
    }
    const failure = await probeWrite(dir);
    if (!failure) continue;
    return failure.full
      ? {
          code: "STORAGE_FULL",
          message: `the data directory ${dir} is full (${failure.cause}): nothing can be saved until there is space; reading works`,
        }
      : {
          code: "STORAGE_READ_ONLY",
          message: `the data directory ${dir} cannot be written (${failure.cause}): nothing can be saved until it can; reading works`,
        };
  }
  return undefined;
}

/** Refuses to start on a data directory that takes no writes, saying which and why. */
export async function assertDataDirWritable(dataDir: string): Promise<void> {
  const failure = await probeWrite(dataDir);
  if (!failure) return;
  throw new LocalStackError(
    failure.full ? "DATA_DIR_FULL" : "DATA_DIR_READ_ONLY",
    `cannot start: the data directory ${dataDir} ${failure.full ? "is full" : "cannot be written"} (${failure.cause}); ` +
      "free some space or make it writable, or set DATA_DIR to another directory",
  );
}
