import { type DurableRuntimeError, type StoreFailureCode, storeFailure } from "../errors.js";

/**
 * node:sqlite throws `Error`s with `code: "ERR_SQLITE_ERROR"`, SQLite's result code in
 * `errcode` (extended codes carry the primary one in the low byte) and its text in `errstr`.
 * The conditions a caller can do nothing about but wait (disk full, file read-only, I/O
 * failure) become the package's error with a code; anything else (a constraint broken by a
 * bug) is left as it is.
 */
const PRIMARY: Record<number, { code: StoreFailureCode; what: string }> = {
  3: { code: "STORE_READ_ONLY", what: "permission denied" }, // SQLITE_PERM
  5: { code: "STORE_BUSY", what: "the database file is busy" }, // SQLITE_BUSY
  6: { code: "STORE_BUSY", what: "the database is locked" }, // SQLITE_LOCKED
  8: { code: "STORE_READ_ONLY", what: "the database file is read-only" }, // SQLITE_READONLY
  10: { code: "STORE_IO_ERROR", what: "disk I/O error" }, // SQLITE_IOERR
  11: { code: "STORE_CORRUPT", what: "the database file is corrupt" }, // SQLITE_CORRUPT
  13: { code: "STORE_FULL", what: "the disk (or the database's size limit) is full" }, // SQLITE_FULL
  14: { code: "STORE_IO_ERROR", what: "the database file cannot be opened" }, // SQLITE_CANTOPEN
  26: { code: "STORE_CORRUPT", what: "the file is not a database" }, // SQLITE_NOTADB
};

export function sqliteFailure(error: unknown, path: string): DurableRuntimeError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { errcode, errstr } = error as Error & { errcode?: unknown; errstr?: unknown };
  if (typeof errcode !== "number") return undefined;
  const known = PRIMARY[errcode & 0xff];
  if (!known) return undefined;
  const detail = typeof errstr === "string" ? errstr : error.message;
  return storeFailure(
    known.code,
    `Durable store ${path}: ${known.what} (SQLite: ${detail}); nothing was written, retry later`,
    error,
  );
}
