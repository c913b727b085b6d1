/**
 * The console's executions list with many executions in one SQLite store: N executions of one
 * function (all but ten finished, ten waiting on a callback), then pages of 25 through the HTTP
 * face as the console asks for them (ListDurableExecutionsByFunction: newest first, the tenth
 * page by marker, one status, one name), as medians. The plans behind them are checked by the
 * runtime's list-executions-sql.test.ts.
 */

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { createApp, DurableRuntime, SqliteStore } from "@coffee/durable-runtime";
import type { Row, Section } from "./report.js";
import { median, round } from "./stats.js";

/** One step; or, asked to wait, a callback that never comes first (an order left open). */
const orders = withDurableExecution(async (event: { wait: boolean }, ctx: DurableContext) => {
  if (event.wait) await ctx.waitForCallback("never", async () => {}, { timeout: { hours: 24 } });
  return ctx.step("done", async () => 1);
});

export async function benchExecutionList(opts: { executions: number; repeats: number }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-list-"));
  const file = path.join(dir, "runtime.sqlite");
  const runtime = new DurableRuntime({ store: new SqliteStore({ path: file }) });
  runtime.register("orders", orders);
  const every = Math.floor(opts.executions / 10); // ten stay RUNNING
  const started: Promise<unknown>[] = [];
  for (let i = 0; i < opts.executions; i++) {
    const wait = i % every === 0;
    const { executionArn } = await runtime.startExecution({
      functionName: "orders",
      executionName: `order-${i}`,
      input: { wait },
    });
    if (!wait) started.push(runtime.waitForCompletion(executionArn, { timeoutMs: 600_000 }));
    if (started.length >= 200) await Promise.all(started.splice(0));
  }
  await Promise.all(started);
  const app = createApp(runtime);
  const list = async (query: string) => {
    const res = await app.request(`/2025-12-01/functions/orders/durable-executions?${query}`);
    return (await res.json()) as { DurableExecutions: { DurableExecutionArn: string }[] };
  };
  const tenthMarker = await (async () => {
    let marker = "";
    for (let page = 0; page < 9; page++) {
      const body = await list(
        `MaxItems=25${marker ? `&Marker=${encodeURIComponent(marker)}` : ""}`,
      );
      marker = body.DurableExecutions.at(-1)?.DurableExecutionArn ?? "";
    }
    return marker;
  })();
  const queries: [string, string][] = [
    ["newest 25", "MaxItems=25"],
    ["10th page (marker)", `MaxItems=25&Marker=${encodeURIComponent(tenthMarker)}`],
    ["Statuses=SUCCEEDED", "MaxItems=25&Statuses=SUCCEEDED"],
    ["Statuses=RUNNING (10)", "MaxItems=25&Statuses=RUNNING"],
    ["Statuses=FAILED (none)", "MaxItems=25&Statuses=FAILED"],
    ["DurableExecutionName", `MaxItems=25&DurableExecutionName=order-${opts.executions - 7}`],
  ];
  const time = async (query: string) => {
    const samples: number[] = [];
    for (let i = 0; i < opts.repeats; i++) {
      const t0 = performance.now();
      await list(query);
      samples.push(performance.now() - t0);
    }
    return median(samples);
  };
  const rows: Row[] = [];
  for (const [label, query] of queries) {
    const cpuBefore = process.cpuUsage();
    const ms = await time(query);
    const cpu = process.cpuUsage(cpuBefore);
    rows.push({
      query: label,
      "median ms": round(ms, 2),
      "CPU ms per request": round((cpu.user + cpu.system) / 1000 / opts.repeats, 2),
    });
  }
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    title: `Executions list, ${opts.executions} executions of one function (SQLite, HTTP face)`,
    note: `Medians of ${opts.repeats} ListDurableExecutionsByFunction requests (app.request) per query.`,
    rows,
  } satisfies Section;
}
