/**
 * Pages of executions across several functions, newest first. Lambda lists executions one
 * function at a time (ListDurableExecutionsByFunction); "all functions" merges those lists page
 * by page. A page's cursor holds, per function, the list marker it reads from and how many of
 * that page's items earlier pages took; reloading a page from its cursor (polling) shows the
 * same window with fresh statuses, and new executions appear on the first page.
 */
import type { ExecutionSummary } from "./wire-schemas.js";

export interface FunctionCursor {
  marker?: string;
  /** Items of the page at `marker` that earlier pages already showed. */
  skip: number;
  /** No more executions of this function after the ones shown. */
  done: boolean;
}
export type PageCursor = Record<string, FunctionCursor>;

export type ListPage = (
  functionName: string,
  marker: string | undefined,
  maxItems: number,
) => Promise<{ DurableExecutions: ExecutionSummary[]; NextMarker?: string | undefined }>;

export interface MergedPage {
  items: ExecutionSummary[];
  /** The cursor of the next page, or undefined on the last one. */
  next: PageCursor | undefined;
}

export const firstPage = (functionNames: readonly string[]): PageCursor =>
  Object.fromEntries(functionNames.map((name) => [name, { skip: 0, done: false }]));

/** Lambda's largest page. */
const MAX_ITEMS = 1000;

export async function loadPage(
  cursor: PageCursor,
  pageSize: number,
  list: ListPage,
): Promise<MergedPage> {
  const names = Object.keys(cursor);
  // One request per function: enough items to fill the page from that function alone.
  const fetched = await Promise.all(
    names.map(async (name) => {
      const at = cursor[name] as FunctionCursor;
      if (at.done) return { name, at, items: [] as ExecutionSummary[], nextMarker: undefined };
      const page = await list(name, at.marker, Math.min(MAX_ITEMS, at.skip + pageSize));
      return {
        name,
        at,
        items: page.DurableExecutions.slice(at.skip),
        nextMarker: page.NextMarker,
      };
    }),
  );
  const taken = new Map<string, number>(names.map((n) => [n, 0]));
  const items: ExecutionSummary[] = [];
  while (items.length < pageSize) {
    let best: (typeof fetched)[number] | undefined;
    for (const f of fetched) {
      const head = f.items[taken.get(f.name) ?? 0];
      if (!head) continue;
      const bestHead = best?.items[taken.get(best.name) ?? 0];
      if (!bestHead || newer(head, bestHead)) best = f;
    }
    if (!best) break;
    const n = taken.get(best.name) ?? 0;
    items.push(best.items[n] as ExecutionSummary);
    taken.set(best.name, n + 1);
  }

  const next: PageCursor = {};
  let more = false;
  for (const f of fetched) {
    const n = taken.get(f.name) ?? 0;
    let at: FunctionCursor;
    if (f.at.done) at = f.at;
    else if (n < f.items.length) at = { ...f.at, skip: f.at.skip + n };
    else if (f.nextMarker) at = { marker: f.nextMarker, skip: 0, done: false };
    else at = { ...f.at, skip: f.at.skip + n, done: true };
    next[f.name] = at;
    if (!at.done) more = true;
  }
  return { items, next: more ? next : undefined };
}

/** Newest first; the ARN breaks ties, as the runtime's own order does. */
function newer(a: ExecutionSummary, b: ExecutionSummary): boolean {
  if (a.StartTimestamp !== b.StartTimestamp) return a.StartTimestamp > b.StartTimestamp;
  return a.DurableExecutionArn > b.DurableExecutionArn;
}
