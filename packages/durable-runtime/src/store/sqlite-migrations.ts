import type { DatabaseSync } from "node:sqlite";
import { ROWS_PER_EXECUTION } from "./sqlite-checkpoint-log.js";

/**
 * Upgrades a file written by an earlier version, one schema version at a time, inside the
 * caller's transaction. Versions without an entry cannot be upgraded (the store says so).
 */
export const MIGRATIONS: Record<number, (db: DatabaseSync) => void> = {
  // 3 → 4: the log's (execution, seq) WITHOUT ROWID key becomes one integer key,
  // execution * 2^24 + the row's position within its execution (see CheckpointLog), and each
  // execution's fold mark moves from the global seq to that key.
  3: (db) => {
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
        SELECT execution * ${ROWS_PER_EXECUTION}
                 + row_number() OVER (PARTITION BY execution ORDER BY seq),
               first_event, last_event, events, ops
        FROM log_v3;
      UPDATE folded SET upto = execution * ${ROWS_PER_EXECUTION}
        + (SELECT count(*) FROM log_v3 WHERE log_v3.execution = folded.execution
             AND log_v3.seq <= folded.upto);
      DROP TABLE log_v3;
    `);
  },
};
