import type { DatabaseSync } from "node:sqlite";
import { ROWS_PER_EXECUTION } from "./sqlite-checkpoint-log.js";

/**
 * Upgrades a file written by an earlier version, one schema version at a time, inside the
 * caller's transaction. Versions without an entry cannot be upgraded (the store says so).
 */
export const MIGRATIONS: Record<number, (db: DatabaseSync) => void> = {
  // 3 → 4: the log and the folded operations, both WITHOUT ROWID tables until now, become
  // rowid tables keyed execution * 2^24 + the row's place within its execution (see
  // CheckpointLog); each execution's fold mark moves from the global seq to that key.
  3: (db) => {
    const range = `execution * ${ROWS_PER_EXECUTION}`;
    db.exec(`
      ALTER TABLE log RENAME TO log_v3;
      CREATE TABLE log (
        key INTEGER PRIMARY KEY,
        first_event INTEGER,
        last_event INTEGER,
        events TEXT,
        ops TEXT
      );
      INSERT INTO log (key, first_event, last_event, events, ops)
        SELECT ${range} + row_number() OVER (PARTITION BY execution ORDER BY seq),
               first_event, last_event, events, ops
        FROM log_v3;
      UPDATE folded SET upto = ${range}
        + (SELECT count(*) FROM log_v3 WHERE log_v3.execution = folded.execution
             AND log_v3.seq <= folded.upto);
      DROP TABLE log_v3;
      ALTER TABLE operations RENAME TO operations_v3;
      CREATE TABLE operations (
        key INTEGER PRIMARY KEY,
        execution INTEGER NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL
      );
      INSERT INTO operations (key, execution, id, body)
        SELECT ${range} + row_number() OVER (PARTITION BY execution ORDER BY seq),
               execution, id, body
        FROM operations_v3;
      DROP TABLE operations_v3;
    `);
  },
};
