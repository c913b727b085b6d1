/** Limits and the workflow's timeouts, checked with the shared schemas before they are sent. */
import type { Limits, Timeouts } from "@coffee/shared";
import { DEFAULT_LIMITS, limitsSchema, timeoutsSchema } from "@coffee/shared";
import { useState } from "react";
import styles from "./admin.module.css";

const LIMIT_FIELDS: [keyof Limits, string][] = [
  ["maxOrdersInQueue", "Orders in the queue at most"],
  ["maxOrdersPerCustomer", "Open orders per customer"],
  ["drinksPerToken", "Drinks per QR code"],
  ["tokenRotationSeconds", "QR code rotates every (s)"],
  ["maxUnaccepts", "Unaccepts before an order is cancelled"],
];
/** Fields where 0 is meaningful (no unaccept allowed); the others start at 1. */
const ZERO_ALLOWED = new Set<string>(["maxUnaccepts"]);
const TIMEOUT_FIELDS: [keyof Timeouts, string][] = [
  ["customerOrderSeconds", "Time to choose a drink (s)"],
  ["baristaAcceptSeconds", "Time for a barista to accept (s)"],
  ["baristaCompleteSeconds", "Time to make the drink (s)"],
  ["pickupSeconds", "Shown as ready for (s)"],
];

export function SettingsEditor({
  limits,
  timeouts,
  onSave,
}: {
  limits: Limits;
  timeouts: Timeouts;
  onSave(limits: Limits, timeouts: Timeouts): Promise<void>;
}) {
  // A stored config may predate `maxUnaccepts`: show the default the workflow applies.
  const values = () =>
    asText({ maxUnaccepts: DEFAULT_LIMITS.maxUnaccepts, ...limits, ...timeouts });
  // The draft starts from the props once; new values from the server remount the editor (its
  // `key`), so nothing resets the fields while someone types in them.
  const [draft, setDraft] = useState<Record<string, string>>(values);
  const [invalid, setInvalid] = useState<string>();
  const numbers = (fields: [string, string][]) =>
    Object.fromEntries(fields.map(([k]) => [k, Number(draft[k])]));

  const save = () => {
    const l = limitsSchema.safeParse(numbers(LIMIT_FIELDS));
    const t = timeoutsSchema.safeParse(numbers(TIMEOUT_FIELDS));
    const issue = l.error?.issues[0] ?? t.error?.issues[0];
    if (!l.success || !t.success) {
      const field = [...LIMIT_FIELDS, ...TIMEOUT_FIELDS].find(([k]) => k === issue?.path[0]);
      setInvalid(`${field?.[1] ?? "A value"}: ${issue?.message ?? "invalid"}`);
      return;
    }
    setInvalid(undefined);
    void onSave(l.data, t.data);
  };

  const field = ([key, label]: [string, string]) => (
    <label key={key}>
      {label}
      <input
        type="number"
        min={ZERO_ALLOWED.has(key) ? 0 : 1}
        step={1}
        value={draft[key] ?? ""}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
      />
    </label>
  );

  return (
    <section className={styles.card} aria-labelledby="settings-title">
      <h2 id="settings-title">Limits and timeouts</h2>
      <fieldset className={styles.fields}>
        <legend>Limits</legend>
        {LIMIT_FIELDS.map(field)}
      </fieldset>
      <fieldset className={styles.fields}>
        <legend>Timeouts</legend>
        {TIMEOUT_FIELDS.map(field)}
      </fieldset>
      <p role="alert" className={styles.error}>
        {invalid ?? ""}
      </p>
      <button type="button" onClick={save}>
        Save limits and timeouts
      </button>
    </section>
  );
}

const asText = (values: Record<string, number | undefined>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v ?? "")]));
