/** One drink of the menu editor: name, availability, recipe, its choices and their options. */
import type { Modifier } from "@coffee/shared";
import { useState } from "react";
import styles from "./admin.module.css";
import type { DrinkDraft } from "./menu-draft.js";

export function DrinkEditor({
  draft,
  known,
  onChange,
  onRemove,
}: {
  draft: DrinkDraft;
  /** Choices found on the menu, which this drink may be given too. */
  known: Modifier[];
  onChange(next: DrinkDraft): void;
  onRemove(): void;
}) {
  const { drink } = draft;
  const label = drink.name || drink.id;
  const addable = known.filter((m) => !drink.modifiers.some((own) => own.id === m.id));
  const [adding, setAdding] = useState("");
  const patch = (change: Partial<DrinkDraft["drink"]>) =>
    onChange({ ...draft, drink: { ...drink, ...change } });

  const addChoice = () => {
    const modifier = addable.find((m) => m.id === adding) ?? addable[0];
    if (!modifier) return;
    onChange({
      ...draft,
      drink: { ...drink, modifiers: [...drink.modifiers, modifier] },
      options: { ...draft.options, [modifier.id]: modifier.options.join(", ") },
    });
    setAdding("");
  };

  const removeChoice = (id: string) => {
    const { [id]: _gone, ...options } = draft.options;
    onChange({
      ...draft,
      drink: { ...drink, modifiers: drink.modifiers.filter((m) => m.id !== id) },
      options,
    });
  };

  return (
    <fieldset className={styles.drink} aria-label={label}>
      <legend>{label}</legend>
      <div className={styles.drinkRow}>
        <label>
          Name
          <input
            aria-label={`Name of ${drink.id}`}
            value={drink.name}
            maxLength={60}
            onChange={(e) => patch({ name: e.target.value })}
          />
        </label>
        <label className={styles.inline}>
          <input
            type="checkbox"
            aria-label={`${label} available`}
            checked={drink.available}
            onChange={(e) => patch({ available: e.target.checked })}
          />
          Available
        </label>
        <label>
          Recipe
          <input
            aria-label={`Recipe of ${label}`}
            value={draft.recipe}
            onChange={(e) => onChange({ ...draft, recipe: e.target.value })}
          />
        </label>
        <button type="button" className="secondary" onClick={onRemove}>
          Remove {label}
        </button>
      </div>
      {drink.modifiers.map((m) => (
        <div key={m.id} className={styles.drinkRow}>
          <label className={styles.grow}>
            {m.name} options
            <input
              aria-label={`${m.name} options of ${label}`}
              value={draft.options[m.id] ?? ""}
              onChange={(e) =>
                onChange({ ...draft, options: { ...draft.options, [m.id]: e.target.value } })
              }
            />
          </label>
          <button type="button" className="secondary" onClick={() => removeChoice(m.id)}>
            Remove {m.name} from {label}
          </button>
        </div>
      ))}
      {addable.length > 0 ? (
        <div className={styles.drinkRow}>
          <label>
            Add a choice
            <select
              aria-label={`Choice to add to ${label}`}
              value={adding || addable[0]?.id}
              onChange={(e) => setAdding(e.target.value)}
            >
              {addable.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" onClick={addChoice}>
            Add to {label}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
