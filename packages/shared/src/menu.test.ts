import { describe, expect, it } from "vitest";
import { checkChoice, ingredientsFor, menuSchema, orderChoiceSchema, stockSchema } from "./menu.js";
import { SEED_MENU, SEED_STOCK } from "./seed.js";

describe("menuSchema", () => {
  it("accepts the seed menu", () => {
    expect(menuSchema.parse(SEED_MENU)).toEqual(SEED_MENU);
  });

  it("rejects duplicate drink ids with the path of the duplicate", () => {
    const result = menuSchema.safeParse([SEED_MENU[0], SEED_MENU[0]]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([1, "id"]);
  });

  it("rejects a modifier default that is not an option", () => {
    const drink = {
      ...SEED_MENU[0]!,
      modifiers: [{ id: "x", name: "X", options: ["a"], default: "b" }],
    };
    const result = menuSchema.safeParse([drink]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([0, "modifiers", 0, "default"]);
  });

  it("rejects ids that are not kebab-case", () => {
    expect(menuSchema.safeParse([{ ...SEED_MENU[0]!, id: "Flat White" }]).success).toBe(false);
  });
});

describe("stockSchema", () => {
  it("accepts the seed stock and rejects negative or fractional units", () => {
    expect(stockSchema.parse(SEED_STOCK)).toEqual(SEED_STOCK);
    expect(stockSchema.safeParse({ beans: -1 }).success).toBe(false);
    expect(stockSchema.safeParse({ beans: 1.5 }).success).toBe(false);
  });
});

describe("checkChoice", () => {
  it("fills defaults for modifiers the customer left out", () => {
    const result = checkChoice(SEED_MENU, orderChoiceSchema.parse({ drink: "latte" }));
    expect(result).toMatchObject({
      ok: true,
      modifiers: { size: "regular", milk: "whole", shots: "no" },
    });
  });

  it("keeps the customer's options", () => {
    const choice = { drink: "latte", modifiers: { milk: "oat", size: "large" } };
    const result = checkChoice(SEED_MENU, choice);
    expect(result).toMatchObject({ ok: true, modifiers: { milk: "oat", size: "large" } });
  });

  it("names the field that is wrong", () => {
    expect(checkChoice(SEED_MENU, { drink: "mocha", modifiers: {} })).toMatchObject({
      ok: false,
      field: "drink",
    });
    expect(checkChoice(SEED_MENU, { drink: "latte", modifiers: { milk: "goat" } })).toMatchObject({
      ok: false,
      field: "modifiers.milk",
    });
    expect(checkChoice(SEED_MENU, { drink: "espresso", modifiers: { milk: "oat" } })).toMatchObject(
      {
        ok: false,
        field: "modifiers.milk",
      },
    );
  });

  it("refuses an unavailable drink", () => {
    const menu = SEED_MENU.map((d) => (d.id === "latte" ? { ...d, available: false } : d));
    expect(checkChoice(menu, { drink: "latte", modifiers: {} })).toMatchObject({ ok: false });
  });

  it("requires modifiers without a default", () => {
    const menu = [
      {
        ...SEED_MENU[0]!,
        modifiers: [{ id: "temp", name: "Temperature", options: ["hot", "iced"] }],
      },
    ];
    expect(checkChoice(menu, { drink: "espresso", modifiers: {} })).toMatchObject({
      ok: false,
      field: "modifiers.temp",
    });
  });
});

describe("ingredientsFor", () => {
  const latte = SEED_MENU.find((d) => d.id === "latte")!;

  it("takes the recipe as it is for a kind of milk", () => {
    expect(ingredientsFor(latte, { size: "large", milk: "oat", shots: "no" })).toEqual({
      beans: 1,
      milk: 1,
    });
  });

  it("takes no milk for a latte with milk none", () => {
    expect(ingredientsFor(latte, { size: "regular", milk: "none", shots: "no" })).toEqual({
      beans: 1,
    });
  });

  it("is what checkChoice answers, defaults filled in first", () => {
    const check = checkChoice(SEED_MENU, { drink: "latte", modifiers: { milk: "none" } });
    expect(check.ok && check.ingredients).toEqual({ beans: 1 });
    const plain = checkChoice(SEED_MENU, { drink: "latte", modifiers: {} });
    expect(plain.ok && plain.ingredients).toEqual({ beans: 1, milk: 1 });
    expect(latte.ingredients).toEqual({ beans: 1, milk: 1 });
  });
});
