import { describe, expect, it } from "vitest";
import { firstPage, type ListPage, loadPage, type PageCursor } from "./merged-pages.js";
import type { ExecutionSummary } from "./wire-schemas.js";

/** A fake ListDurableExecutionsByFunction over fixed lists, paged by an index marker. */
function lister(lists: Record<string, number[]>): { list: ListPage; calls: number } {
  const state = { calls: 0, list: undefined as unknown as ListPage };
  state.list = async (fn, marker, maxItems) => {
    state.calls++;
    const all: ExecutionSummary[] = (lists[fn] ?? [])
      .map((t) => ({
        DurableExecutionArn: `${fn}/${t}`,
        DurableExecutionName: `${fn}-${t}`,
        Status: "RUNNING",
        StartTimestamp: t,
      }))
      .sort((a, b) => b.StartTimestamp - a.StartTimestamp);
    const from = marker ? Number(marker) : 0;
    const page = all.slice(from, from + maxItems);
    const end = from + page.length;
    return { DurableExecutions: page, NextMarker: end < all.length ? String(end) : undefined };
  };
  return state;
}

async function allPages(lists: Record<string, number[]>, pageSize: number) {
  const { list } = lister(lists);
  const pages: string[][] = [];
  let cursor: PageCursor | undefined = firstPage(Object.keys(lists));
  while (cursor) {
    const page = await loadPage(cursor, pageSize, list);
    pages.push(page.items.map((e) => e.DurableExecutionName));
    cursor = page.next;
  }
  return pages;
}

describe("merged pages across functions", () => {
  it("lists every execution once, newest first, in pages", async () => {
    const pages = await allPages({ a: [1, 4, 5, 9], b: [2, 3, 8], c: [6, 7, 10, 11, 12] }, 3);
    expect(pages).toEqual([
      ["c-12", "c-11", "c-10"],
      ["a-9", "b-8", "c-7"],
      ["c-6", "a-5", "a-4"],
      ["b-3", "b-2", "a-1"],
    ]);
  });

  it("ends on the last page, and reloading a page's cursor gives the same page", async () => {
    const { list } = lister({ a: [1, 2], b: [3] });
    const first = await loadPage(firstPage(["a", "b"]), 2, list);
    expect(first.items.map((e) => e.DurableExecutionName)).toEqual(["b-3", "a-2"]);
    const second = await loadPage(first.next as PageCursor, 2, list);
    expect(second.items.map((e) => e.DurableExecutionName)).toEqual(["a-1"]);
    expect(second.next).toBeUndefined();
    const again = await loadPage(first.next as PageCursor, 2, list);
    expect(again.items).toEqual(second.items);
  });

  it("pages one function with its own markers", async () => {
    const ts = Array.from({ length: 25 }, (_, i) => i + 1);
    const pages = await allPages({ only: ts }, 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(ts.reverse().map((t) => `only-${t}`));
  });
});
