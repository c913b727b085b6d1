import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import type { ListExecutionsQuery } from "../types.js";
import { listExecutionsSql } from "./list-executions-sql.js";
import { SqliteStore } from "./sqlite-store.js";

// The console lists executions with each filter; a page must be read from an index in order
// and stop at LIMIT, whatever the store holds: no scan of the table, no sort of the matches.
const path = join(mkdtempSync(join(tmpdir(), "list-plan-")), "runtime.sqlite");
new SqliteStore({ path }).close();
const db = new DatabaseSync(path);
const planOf = (q: ListExecutionsQuery, after: boolean) => {
  const { sql, args } = listExecutionsSql(q, after ? { arn: "arn:x", startMs: 1 } : undefined);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
    .map((r) => r.detail)
    .join("; ");
};

describe("the SQLite list query", () => {
  it.each([
    [
      "a function, newest first",
      { functionName: "f", reverseOrder: true, limit: 25 },
      false,
      "executions_by_start",
    ],
    [
      "the next page after a marker",
      { functionName: "f", reverseOrder: true, limit: 25 },
      true,
      "executions_by_start",
    ],
    [
      "one status",
      { functionName: "f", statuses: ["RUNNING"], reverseOrder: true, limit: 25 },
      false,
      "executions_by_status",
    ],
    [
      "one status, next page",
      { functionName: "f", statuses: ["FAILED"], reverseOrder: true, limit: 25 },
      true,
      "executions_by_status",
    ],
    [
      "a name",
      { functionName: "f", executionName: "order-1", reverseOrder: true, limit: 25 },
      false,
      "executions_by_name",
    ],
    ["oldest first", { functionName: "f", limit: 25 }, false, "executions_by_start"],
  ] as [string, ListExecutionsQuery, boolean, string][])(
    "reads %s from an index, in order",
    (_what, q, after, index) => {
      const plan = planOf(q, after);
      expect(plan).toContain(`USING INDEX ${index}`);
      expect(plan).not.toContain("TEMP B-TREE");
      expect(plan).not.toMatch(/SCAN executions(?! USING)/);
    },
  );
});
