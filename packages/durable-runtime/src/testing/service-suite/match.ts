import type { Event } from "@aws-sdk/client-lambda";
import type { ExpectedEvent, LogExpectation, LogRecord } from "./requirement.js";

/**
 * Matches expected events against a history, with the suite runner's rules (see
 * requirement.ts): by EventId, extra actual events ignored, "*" and `{}` match anything,
 * RegExps test text, `#n` binds operation ids across events. Returns the mismatches.
 */
export function matchHistory(
  expected: ExpectedEvent[],
  actual: Event[],
  ids = new Map<string, unknown>(),
): string[] {
  const errors: string[] = [];
  const byId = new Map(actual.map((e) => [e.EventId, e as Record<string, unknown>]));
  for (const [header, details] of expected) {
    const want = parseHeader(header);
    const got = byId.get(want.EventId);
    const at = `event ${want.EventId} (${want.EventType})`;
    if (!got) {
      errors.push(`${at}: no such event`);
      continue;
    }
    if (want.Name === "*" && got.Name === undefined) errors.push(`${at}: no Name`);
    for (const key of ["EventType", "SubType", "Name"] as const) {
      if (key === "Name" && want.Name === "*") continue;
      if (want[key] !== undefined && got[key] !== want[key]) {
        errors.push(`${at}: ${key} ${JSON.stringify(got[key])}, expected ${want[key]}`);
      }
    }
    for (const [key, ref] of [
      ["Id", want.id],
      ["ParentId", want.parent],
    ] as const) {
      if (ref === undefined) continue;
      if (!ids.has(ref)) ids.set(ref, got[key]);
      else if (ids.get(ref) !== got[key]) {
        errors.push(`${at}: ${key} ${String(got[key])} is not the id first seen as #${ref}`);
      }
    }
    if (details) matchValue(details, got, at, errors);
  }
  return errors;
}

function parseHeader(header: string) {
  const [eventId, eventType, ...rest] = header.split(" ");
  const out: {
    EventId: number;
    EventType: string;
    SubType?: string;
    Name?: string;
    id?: string;
    parent?: string;
  } = { EventId: Number(eventId), EventType: eventType ?? "" };
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (token.startsWith("#")) out.id = token.slice(1);
    else if (token.startsWith("^")) out.parent = token.slice(1);
    else if (token.startsWith("name=")) {
      // The rest of the header is the name (names may hold spaces).
      out.Name = [token.slice(5), ...rest.slice(i + 1)].join(" ");
      break;
    } else out.SubType = token;
  }
  return out;
}

function matchValue(want: unknown, got: unknown, at: string, errors: string[]): void {
  if (want === "*") return;
  if (want instanceof RegExp) {
    if (!want.test(String(got)))
      errors.push(`${at}: ${JSON.stringify(got)} does not match ${want}`);
    return;
  }
  if (want !== null && typeof want === "object" && !Array.isArray(want)) {
    const keys = Object.keys(want);
    if (keys.length === 0) return;
    if (got === null || typeof got !== "object") {
      errors.push(`${at}: ${JSON.stringify(got)}, expected an object`);
      return;
    }
    for (const key of keys) {
      const value = (got as Record<string, unknown>)[key];
      if (value === undefined) errors.push(`${at}.${key}: missing`);
      else matchValue((want as Record<string, unknown>)[key], value, `${at}.${key}`, errors);
    }
    return;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) {
      errors.push(`${at}: ${JSON.stringify(got)}, expected ${want.length} items`);
      return;
    }
    for (const [i, w] of want.entries()) matchValue(w, got[i], `${at}[${i}]`, errors);
    return;
  }
  const actual = got instanceof Date ? got.toISOString() : got;
  if (actual !== want)
    errors.push(`${at}: ${JSON.stringify(actual)}, expected ${JSON.stringify(want)}`);
}

/** Checks records against log expectations (see LogExpectation); returns the mismatches. */
export function matchLogs(expectations: LogExpectation[], records: LogRecord[]): string[] {
  const errors: string[] = [];
  const matching = (m: Record<string, unknown>) =>
    records.flatMap((r, i) =>
      Object.entries(m).every(([k, v]) => fieldMatches(v, r[k])) ? [i] : [],
    );
  for (const e of expectations) {
    const at = `log ${JSON.stringify(e.match, (_k, v) => (v instanceof RegExp ? String(v) : v))}`;
    const own = matching(e.match);
    if (e.count === undefined ? own.length === 0 : own.length !== e.count) {
      errors.push(`${at}: ${own.length} records, expected ${e.count ?? "at least 1"}`);
    }
    if (e.after && own.length) {
      const anchors = matching(e.after);
      if (!anchors.length || Math.min(...own) < Math.max(...anchors))
        errors.push(`${at}: not after its anchor`);
    }
  }
  return errors;
}

const fieldMatches = (want: unknown, got: unknown): boolean =>
  want instanceof RegExp ? got !== undefined && want.test(String(got)) : got === want;
