/** The menu: drinks, their modifiers and ingredients, and how a customer's choice is checked. */
import { z } from "zod";
import { meansNone } from "./order-description.js";

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be lower-case letters, digits and dashes (max 40)");

export const modifierSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(60),
  options: z.array(z.string().min(1).max(40)).min(1).max(20),
  /** Option used when the customer does not choose; a modifier without one is required. */
  default: z.string().min(1).max(40).optional(),
});

export const drinkSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(60),
  available: z.boolean(),
  modifiers: z.array(modifierSchema).max(10),
  /** Units of each ingredient one drink uses; stock is reserved from these. */
  ingredients: z.record(idSchema, z.number().int().positive()),
});

export const menuSchema = z
  .array(drinkSchema)
  .max(50)
  .superRefine((drinks, ctx) => {
    const seen = new Set<string>();
    for (const [i, drink] of drinks.entries()) {
      if (seen.has(drink.id)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "id"],
          message: `duplicate drink id ${drink.id}`,
        });
      }
      seen.add(drink.id);
      for (const [j, m] of drink.modifiers.entries()) {
        if (m.default !== undefined && !m.options.includes(m.default)) {
          ctx.addIssue({
            code: "custom",
            path: [i, "modifiers", j, "default"],
            message: `default ${m.default} is not one of the options`,
          });
        }
      }
    }
  });

/** Units in stock per ingredient. Never negative. */
export const stockSchema = z.record(idSchema, z.number().int().min(0));

export type Modifier = z.infer<typeof modifierSchema>;
export type Drink = z.infer<typeof drinkSchema>;
export type Menu = z.infer<typeof menuSchema>;
export type Stock = z.infer<typeof stockSchema>;

/** What the customer sends: a drink id and a value per modifier id. */
export const orderChoiceSchema = z.object({
  drink: idSchema,
  modifiers: z.record(idSchema, z.string().min(1).max(40)).default({}),
});

export type OrderChoice = z.infer<typeof orderChoiceSchema>;

export type ChoiceCheck =
  | { ok: true; drink: Drink; modifiers: Record<string, string>; ingredients: Ingredients }
  | { ok: false; field: string; message: string };

/**
 * Checks a choice against the menu: the drink exists and is available, every modifier is known
 * and has one of its options, required modifiers are given. Defaults fill the rest.
 */
export function checkChoice(menu: Menu, choice: OrderChoice): ChoiceCheck {
  const drink = menu.find((d) => d.id === choice.drink);
  if (!drink) return { ok: false, field: "drink", message: `unknown drink ${choice.drink}` };
  if (!drink.available) {
    return { ok: false, field: "drink", message: `${drink.name} is not available` };
  }
  const modifiers: Record<string, string> = {};
  for (const key of Object.keys(choice.modifiers)) {
    if (!drink.modifiers.some((m) => m.id === key)) {
      return {
        ok: false,
        field: `modifiers.${key}`,
        message: `${drink.name} has no modifier ${key}`,
      };
    }
  }
  for (const m of drink.modifiers) {
    const value = choice.modifiers[m.id] ?? m.default;
    if (value === undefined) {
      return { ok: false, field: `modifiers.${m.id}`, message: `${m.name} is required` };
    }
    if (!m.options.includes(value)) {
      return {
        ok: false,
        field: `modifiers.${m.id}`,
        message: `${value} is not an option of ${m.name} (${m.options.join(", ")})`,
      };
    }
    modifiers[m.id] = value;
  }
  return { ok: true, drink, modifiers, ingredients: ingredientsFor(drink, modifiers) };
}

/** Units of each ingredient, by ingredient id. */
export type Ingredients = Record<string, number>;

/**
 * What one drink takes from stock with these modifiers. A modifier named like one of the drink's
 * ingredients chooses a kind of it (milk: whole, oat, soy); an option that means none (`none`,
 * `no`) leaves that ingredient out, so a latte without milk takes no milk.
 */
export function ingredientsFor(drink: Drink, modifiers: Record<string, string>): Ingredients {
  const ingredients = { ...drink.ingredients };
  for (const modifier of drink.modifiers) {
    const value = modifiers[modifier.id];
    if (modifier.id in ingredients && value !== undefined && meansNone(value)) {
      delete ingredients[modifier.id];
    }
  }
  return ingredients;
}
