/**
 * The menu as the admin edits it: recipes and option lists as text ("beans: 1, milk: 1",
 * "whole, oat, none"), turned back into a menu that the shared schema checks before it is sent.
 */
import { type Drink, type Menu, type Modifier, menuSchema } from "@coffee/shared";

export interface DrinkDraft {
  drink: Drink;
  /** "beans: 1, milk: 1". */
  recipe: string;
  /** Options per modifier id: "whole, oat, none". */
  options: Record<string, string>;
}

export function toDrafts(menu: Menu): DrinkDraft[] {
  return menu.map(toDraft);
}

export function toDraft(drink: Drink): DrinkDraft {
  return {
    drink,
    recipe: Object.entries(drink.ingredients)
      .map(([ingredient, units]) => `${ingredient}: ${units}`)
      .join(", "),
    options: Object.fromEntries(drink.modifiers.map((m) => [m.id, m.options.join(", ")])),
  };
}

/** "Flat white" → "flat-white": the id a new drink gets from its name. */
export function idFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export type MenuParse = { ok: true; menu: Menu } | { ok: false; message: string };

/** The drafts as a menu, or the first thing wrong with them, said for a person. */
export function fromDrafts(drafts: DrinkDraft[]): MenuParse {
  const menu: Drink[] = [];
  for (const draft of drafts) {
    const name = draft.drink.name.trim() || draft.drink.id;
    const ingredients = parseRecipe(draft.recipe);
    if (!ingredients) {
      return {
        ok: false,
        message: `Recipe of ${name}: write it as "beans: 1, milk: 1" (whole units).`,
      };
    }
    const modifiers: Modifier[] = [];
    for (const modifier of draft.drink.modifiers) {
      const options = splitList(draft.options[modifier.id] ?? "");
      if (options.length === 0) {
        return { ok: false, message: `${modifier.name} of ${name} needs at least one option.` };
      }
      // A default still offered stays; one taken off the list moves to the first option.
      const { default: previous, ...rest } = modifier;
      const fallback = previous === undefined || options.includes(previous) ? previous : options[0];
      modifiers.push({ ...rest, options, default: fallback });
    }
    menu.push({ ...draft.drink, name, ingredients, modifiers });
  }
  const parsed = menuSchema.safeParse(menu);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `The menu is not valid: ${issue?.message ?? "check it"}.` };
  }
  return { ok: true, menu: parsed.data };
}

function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

function parseRecipe(text: string): Record<string, number> | undefined {
  const recipe: Record<string, number> = {};
  for (const part of splitList(text)) {
    const match = /^([a-z0-9][a-z0-9-]*)\s*:\s*(\d+)$/.exec(part);
    if (!match || Number(match[2]) < 1) return undefined;
    recipe[match[1]!] = Number(match[2]);
  }
  return Object.keys(recipe).length > 0 ? recipe : undefined;
}
