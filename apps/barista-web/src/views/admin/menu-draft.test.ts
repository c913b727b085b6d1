import { SEED_MENU } from "@coffee/shared";
import { describe, expect, it } from "vitest";
import { fromDrafts, idFromName, toDraft, toDrafts } from "./menu-draft.js";

describe("menu drafts", () => {
  it("round-trips the seed menu unchanged", () => {
    expect(fromDrafts(toDrafts(SEED_MENU))).toEqual({ ok: true, menu: SEED_MENU });
  });

  it("takes options and recipes as text, keeping a default that is still an option", () => {
    const latte = toDraft(SEED_MENU.find((d) => d.id === "latte")!);
    latte.options.milk = "whole, oat, almond";
    latte.recipe = "beans: 2, milk: 1";
    const result = fromDrafts([latte]);
    expect(result.ok && result.menu[0]).toMatchObject({
      ingredients: { beans: 2, milk: 1 },
      modifiers: [
        { id: "size" },
        { id: "milk", options: ["whole", "oat", "almond"], default: "whole" },
        { id: "shots" },
      ],
    });
  });

  it("moves a removed default to the first option", () => {
    const latte = toDraft(SEED_MENU.find((d) => d.id === "latte")!);
    latte.options.milk = "oat, soy";
    const result = fromDrafts([latte]);
    expect(result.ok && result.menu[0]?.modifiers[1]).toMatchObject({ default: "oat" });
  });

  it("says what is wrong: a bad recipe, an empty option list, a duplicate drink", () => {
    const latte = toDraft(SEED_MENU.find((d) => d.id === "latte")!);
    expect(fromDrafts([{ ...latte, recipe: "beans" }])).toEqual({
      ok: false,
      message: 'Recipe of Latte: write it as "beans: 1, milk: 1" (whole units).',
    });
    expect(fromDrafts([{ ...latte, options: { ...latte.options, milk: " , " } }])).toEqual({
      ok: false,
      message: "Milk of Latte needs at least one option.",
    });
    expect(fromDrafts([latte, latte])).toMatchObject({ ok: false });
  });

  it("makes an id from a new drink's name", () => {
    expect(idFromName("Flat White")).toBe("flat-white");
    expect(idFromName("  Café au lait! ")).toBe("cafe-au-lait");
  });
});
