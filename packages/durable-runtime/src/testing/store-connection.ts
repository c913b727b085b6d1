import type { DatabaseSync } from "node:sqlite";
import { loadSqlite } from "../store/sqlite-module.js";
import { SqliteStore, type SqliteStoreOptions } from "../store/sqlite-store.js";

/**
 * Opens a SqliteStore and hands back its own connection too (taken from the first statement it
 * runs), so a test can do to the file what the store would not: fill the disk, hold a lock.
 */
export function openStoreWithConnection(options: SqliteStoreOptions): {
  store: SqliteStore;
  db: DatabaseSync;
} {
  const proto = loadSqlite().DatabaseSync.prototype;
  const exec = proto.exec;
  let db: DatabaseSync | undefined;
  proto.exec = function capture(this: DatabaseSync, sql: string) {
    db ??= this;
    return exec.call(this, sql);
  };
  try {
    const store = new SqliteStore(options);
    return { store, db: db! };
  } finally {
    proto.exec = exec;
  }
}
