/** Units in stock per ingredient; whole numbers, never negative. */
import type { Stock } from "@coffee/shared";
import { stockSchema } from "@coffee/shared";
import { useState } from "react";
import styles from "./admin.module.css";

export function StockEditor({
  stock,
  onSave,
}: {
  stock: Stock;
  onSave(stock: Stock): Promise<void>;
}) {
  const [draft, setDraft] = useState<Record<string, string>>(() => asText(stock));
  const [invalid, setInvalid] = useState<string>();
  const save = () => {
    const parsed = stockSchema.safeParse(
      Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, Number(v)])),
    );
    if (!parsed.success) {
      setInvalid(
        `Stock of ${String(parsed.error.issues[0]?.path[0])} must be a whole number, 0 or more.`,
      );
      return;
    }
    setInvalid(undefined);
    void onSave(parsed.data);
  };
  return (
    <section className={styles.card} aria-labelledby="stock-title">
      <h2 id="stock-title">Stock</h2>
      <div className={styles.fields}>
        {Object.keys(draft).map((ingredient) => (
          <label key={ingredient}>
            {ingredient}
            <input
              type="number"
              min={0}
              step={1}
              value={draft[ingredient]}
              onChange={(e) => setDraft((d) => ({ ...d, [ingredient]: e.target.value }))}
            />
          </label>
        ))}
      </div>
      <p role="alert" className={styles.error}>
        {invalid ?? ""}
      </p>
      <button type="button" onClick={save}>
        Save stock
      </button>
    </section>
  );
}

const asText = (stock: Stock) =>
  Object.fromEntries(Object.entries(stock).map(([k, v]) => [k, String(v)]));
