/**
 * How an order reads, on every screen and in every event consumer: "Large oat latte, extra shot".
 * Chosen kinds (size, milk) come before the drink; yes/no extras and "none" after it; what the
 * menu would have chosen anyway (its defaults) is left unsaid.
 */
import type { Menu, Modifier } from "./menu.js";

/** The part of an order the description needs. */
export interface DescribedOrder {
  drink?: string | undefined;
  drinkName?: string | undefined;
  modifiers?: Record<string, string> | undefined;
}

const NONE = /^(none|no|without)$/i;
const YES = /^yes$/i;

/** An option that means "leave it out" (milk: none; extra shot: no). */
export function meansNone(option: string): boolean {
  return NONE.test(option);
}

/**
 * "Large oat latte, extra shot". With the menu, modifiers keep its order and its names and
 * defaults are dropped; without it (an older order, a drink since removed) every choice but a
 * plain "no" is said, in the order's own order.
 */
export function describeOrder(order: DescribedOrder, menu?: Menu): string {
  const drink = menu?.find((d) => d.id === order.drink);
  const name = order.drinkName ?? drink?.name ?? order.drink ?? "drink";
  const chosen = order.modifiers ?? {};
  const known = drink?.modifiers.filter((m) => m.id in chosen) ?? [];
  const unknown = Object.keys(chosen).filter((id) => !known.some((m) => m.id === id));
  const before: string[] = [];
  const after: string[] = [];
  for (const modifier of [...known, ...unknown.map(unknownModifier)]) {
    const value = chosen[modifier.id];
    if (value === undefined || value === modifier.default) continue;
    const label = modifier.name.toLowerCase();
    if (YES.test(value)) after.push(label);
    else if (meansNone(value)) {
      if (!isYesNo(modifier, value)) after.push(`no ${label}`);
    } else before.push(value.toLowerCase());
  }
  const head = [...before, name.toLowerCase()].join(" ");
  return [capitalise(head), ...after].join(", ");
}

function unknownModifier(id: string): Modifier {
  return { id, name: id.replaceAll("-", " "), options: [] };
}

/** A yes/no modifier (extra shot) says nothing for its "no"; a kind (milk) says "no milk". */
function isYesNo(modifier: Modifier, value: string): boolean {
  const options = modifier.options.length > 0 ? modifier.options : [value];
  return options.every((o) => YES.test(o) || /^no$/i.test(o));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
