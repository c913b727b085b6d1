/**
 * ListDurableExecutionsByFunction on SQLite: one page, newest (or oldest) first, read from an
 * index in order and cut by LIMIT, so a page costs the same with 10 or 10,000 executions
 * (`list-executions-sql.test.ts` checks the plans). The marker is the last execution listed:
 * the page starts after it (keyset paging, no OFFSET).
 */
import type { ExecutionRecord, ListExecutionsQuery } from "../types.js";

export function listExecutionsSql(
  q: ListExecutionsQuery,
  anchor: Pick<ExecutionRecord, "arn" | "startMs"> | undefined,
): { sql: string; args: (string | number)[] } {
  // Filters are few and optional: the statement is built for this query (not a hot path).
  const where = ["function_name = ?"];
  const args: (string | number)[] = [q.functionName];
  if (q.statuses?.length) {
    where.push(`status IN (${q.statuses.map(() => "?").join(", ")})`);
    args.push(...q.statuses);
  }
  if (q.executionName !== undefined) {
    where.push("name = ?");
    args.push(q.executionName);
  }
  if (q.startedAfterMs !== undefined) {
    where.push("start_ms >= ?");
    args.push(q.startedAfterMs);
  }
  if (q.startedBeforeMs !== undefined) {
    where.push("start_ms <= ?");
    args.push(q.startedBeforeMs);
  }
  if (anchor) {
    const op = q.reverseOrder ? "<" : ">";
    where.push(`(start_ms ${op} ? OR (start_ms = ? AND arn ${op} ?))`);
    args.push(anchor.startMs, anchor.startMs, anchor.arn);
  }
  const dir = q.reverseOrder ? "DESC" : "ASC";
  const sql = `SELECT body FROM executions WHERE ${where.join(" AND ")} ORDER BY start_ms ${dir}, arn ${dir} LIMIT ?`;
  args.push(q.limit);
  return { sql, args };
}
