/** Prints result tables and writes them as JSON under bench/results/. */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { percentile, round } from "./stats.js";

export type Row = Record<string, string | number>;

export interface Section {
  title: string;
  note?: string;
  rows: Row[];
}

export function printSection(section: Section): void {
  console.log(`\n## ${section.title}`);
  if (section.note) console.log(section.note);
  const columns = [...new Set(section.rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined) => (v === undefined ? "" : String(v));
  const widths = columns.map((c) =>
    Math.max(c.length, ...section.rows.map((r) => cell(r[c]).length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(columns));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of section.rows) console.log(line(columns.map((c) => cell(r[c]))));
}

export function machine() {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.arch()}`,
  };
}

export function writeResults(dir: string, name: string, sections: Section[]): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify({ machine: machine(), sections }, null, 2)}\n`);
  return file;
}

/** One row per route (sorted), with its request count and latency percentiles in ms. */
export function latencyRows(
  latencies: Map<string, number[]>,
  percentiles: readonly number[] = [50, 99],
): Row[] {
  return [...latencies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, samples]) => {
      const row: Row = { route, requests: samples.length };
      for (const p of percentiles) row[`p${p} ms`] = round(percentile(samples, p), 1);
      row["max ms"] = round(percentile(samples, 100), 1);
      return row;
    });
}
