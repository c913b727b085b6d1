/** Drinks on the menu: names and availability (modifiers and recipes stay as seeded). */
import type { Menu } from "@coffee/shared";
import { useState } from "react";
import styles from "./admin.module.css";

export function MenuEditor({ menu, onSave }: { menu: Menu; onSave(menu: Menu): Promise<void> }) {
  const [draft, setDraft] = useState(menu);
  const change = (id: string, patch: Partial<Menu[number]>) =>
    setDraft((d) => d.map((drink) => (drink.id === id ? { ...drink, ...patch } : drink)));
  return (
    <section className={styles.card} aria-labelledby="menu-title">
      <h2 id="menu-title">Menu</h2>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Drink</th>
            <th scope="col">Available</th>
            <th scope="col">Modifiers</th>
          </tr>
        </thead>
        <tbody>
          {draft.map((drink) => (
            <tr key={drink.id}>
              <td>
                <input
                  aria-label={`Name of ${drink.id}`}
                  value={drink.name}
                  maxLength={60}
                  onChange={(e) => change(drink.id, { name: e.target.value })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${drink.name} available`}
                  checked={drink.available}
                  onChange={(e) => change(drink.id, { available: e.target.checked })}
                />
              </td>
              <td className={styles.muted}>
                {drink.modifiers.map((m) => m.name).join(", ") || "none"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => void onSave(draft)}>
        Save menu
      </button>
    </section>
  );
}
