/**
 * The menu: each drink's name, availability, recipe and choices (their options as a list), add
 * a drink, remove one, add or remove a choice. Checked with the shared schema before it is sent.
 */
import type { Menu, Modifier } from "@coffee/shared";
import { useState } from "react";
import styles from "./admin.module.css";
import { DrinkEditor } from "./drink-editor.js";
import { type DrinkDraft, fromDrafts, idFromName, toDraft, toDrafts } from "./menu-draft.js";

export function MenuEditor({ menu, onSave }: { menu: Menu; onSave(menu: Menu): Promise<void> }) {
  const [drafts, setDrafts] = useState(() => toDrafts(menu));
  const [newName, setNewName] = useState("");
  const [invalid, setInvalid] = useState<string>();
  // Every choice anywhere on the menu, by id: what a drink may be given.
  const known = new Map<string, Modifier>();
  for (const { drink } of drafts) for (const m of drink.modifiers) known.set(m.id, m);

  const change = (id: string, next: DrinkDraft) =>
    setDrafts((list) => list.map((d) => (d.drink.id === id ? next : d)));

  const addDrink = () => {
    const name = newName.trim();
    const id = idFromName(name);
    if (!id) return setInvalid("Give the new drink a name.");
    if (drafts.some((d) => d.drink.id === id)) return setInvalid(`${name} is on the menu already.`);
    setInvalid(undefined);
    setNewName("");
    setDrafts((list) => [
      ...list,
      toDraft({ id, name, available: false, modifiers: [], ingredients: { beans: 1 } }),
    ]);
  };

  const save = () => {
    const parsed = fromDrafts(drafts);
    if (!parsed.ok) return setInvalid(parsed.message);
    setInvalid(undefined);
    void onSave(parsed.menu);
  };

  return (
    <section className={styles.card} aria-labelledby="menu-title">
      <h2 id="menu-title">Menu</h2>
      {drafts.map((draft) => (
        <DrinkEditor
          key={draft.drink.id}
          draft={draft}
          known={[...known.values()]}
          onChange={(next) => change(draft.drink.id, next)}
          onRemove={() => setDrafts((list) => list.filter((d) => d !== draft))}
        />
      ))}
      <div className={styles.addRow}>
        <label>
          New drink
          <input value={newName} maxLength={60} onChange={(e) => setNewName(e.target.value)} />
        </label>
        <button type="button" className="secondary" onClick={addDrink}>
          Add drink
        </button>
      </div>
      <p role="alert" className={styles.error}>
        {invalid ?? ""}
      </p>
      <button type="button" onClick={save}>
        Save menu
      </button>
    </section>
  );
}
