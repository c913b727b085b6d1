/**
 * Every execution of every registered durable function, newest first: filtered by function,
 * status and name, paged, and live (the page reloads every two seconds, so new executions and
 * status changes appear on their own). Each execution's name links to its page.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { firstPage, loadPage, type PageCursor } from "../api/merged-pages.js";
import {
  EXECUTION_STATUSES,
  type ExecutionSummary,
  type RegisteredFunction,
} from "../api/wire-schemas.js";
import { useClient } from "../client-context.js";
import { describeError } from "../describe-error.js";
import { usePolling } from "../hooks/use-polling.js";
import { executionPath, Link } from "../router.js";
import { Field } from "./field.js";
import { StartForm } from "./start-form.js";

const PAGE_SIZE = 25;
const ALL = "";

export function ExecutionsView({ pollMs = 2000 }: { pollMs?: number }) {
  const client = useClient();
  const [functions, setFunctions] = useState<RegisteredFunction[]>();
  const [filter, setFilter] = useState({ fn: ALL, status: ALL, name: "" });
  const [pages, setPages] = useState<PageCursor[]>([]);
  const [rows, setRows] = useState<ExecutionSummary[]>();
  const [next, setNext] = useState<PageCursor>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    client.functions().then(setFunctions, (e: unknown) => setError(describeError(e)));
  }, [client]);

  const durable = useMemo(
    () => (functions ?? []).filter((f) => f.Durable).map((f) => f.FunctionName),
    [functions],
  );
  // The first page's cursor follows the filters; later ones come from the page before.
  const cursor = useMemo(
    () => pages.at(-1) ?? firstPage(filter.fn === ALL ? durable : [filter.fn]),
    [pages, durable, filter.fn],
  );

  const load = useCallback(async () => {
    if (!functions) return;
    try {
      const page = await loadPage(cursor, PAGE_SIZE, (functionName, marker, maxItems) =>
        client.listExecutions({
          functionName,
          marker,
          maxItems,
          status: filter.status || undefined,
          name: filter.name.trim() || undefined,
        }),
      );
      setRows(page.items);
      setNext(page.next);
      setError(undefined);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, functions, cursor, filter.status, filter.name]);
  usePolling(load, pollMs);

  const change = (patch: Partial<typeof filter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPages([]);
  };

  return (
    <main>
      <h1>Executions</h1>
      {functions ? <StartForm functions={functions} onStarted={() => void load()} /> : null}
      <search className="filters" aria-label="Filter executions">
        <Field label="Filter by function">
          {(id) => (
            <select id={id} value={filter.fn} onChange={(e) => change({ fn: e.target.value })}>
              <option value={ALL}>All functions</option>
              {durable.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Filter by status">
          {(id) => (
            <select
              id={id}
              value={filter.status}
              onChange={(e) => change({ status: e.target.value })}
            >
              <option value={ALL}>Any status</option>
              {EXECUTION_STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Filter by name">
          {(id) => (
            <input
              id={id}
              type="search"
              value={filter.name}
              onChange={(e) => change({ name: e.target.value })}
              placeholder="exact execution name"
            />
          )}
        </Field>
      </search>
      <p role="alert" className="error">
        {error ?? ""}
      </p>
      <table className="executions">
        <caption className="visually-hidden">Executions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Function</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((e) => (
            <tr key={e.DurableExecutionArn} data-testid="execution-row" data-status={e.Status}>
              <th scope="row">
                <Link to={executionPath(e.DurableExecutionArn)}>{e.DurableExecutionName}</Link>
              </th>
              <td>{functionOf(e.DurableExecutionArn)}</td>
              <td className={`status s_${e.Status}`}>{e.Status}</td>
              <td>{timeOf(e.StartTimestamp)}</td>
              <td>{e.EndTimestamp ? timeOf(e.EndTimestamp) : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows && rows.length === 0 ? <p>No executions match.</p> : null}
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          className="secondary"
          disabled={pages.length === 0}
          onClick={() => setPages((p) => p.slice(0, -1))}
        >
          Newer
        </button>
        <span>Page {pages.length + 1}</span>
        <button
          type="button"
          className="secondary"
          disabled={!next}
          onClick={() => next && setPages((p) => [...p, next])}
        >
          Older
        </button>
      </nav>
    </main>
  );
}

const timeOf = (epochSeconds: number) => new Date(epochSeconds * 1000).toLocaleString();
const functionOf = (arn: string) => arn.split(":")[6] ?? "";
