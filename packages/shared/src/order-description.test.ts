import { describe, expect, it } from "vitest";
import { describeOrder } from "./order-description.js";
import { SEED_MENU } from "./seed.js";

const latte = (modifiers: Record<string, string>) => ({
  drink: "latte",
  drinkName: "Latte",
  modifiers,
});

describe("describeOrder", () => {
  it("reads like a coffee shop: kinds before the drink, extras after", () => {
    expect(describeOrder(latte({ size: "large", milk: "oat", shots: "yes" }), SEED_MENU)).toBe(
      "Large oat latte, extra shot",
    );
  });

  it("leaves the menu's defaults unsaid", () => {
    expect(describeOrder(latte({ size: "regular", milk: "whole", shots: "no" }), SEED_MENU)).toBe(
      "Latte",
    );
    expect(describeOrder(latte({ size: "small", milk: "whole", shots: "no" }), SEED_MENU)).toBe(
      "Small latte",
    );
  });

  it("says 'no milk' for a kind chosen as none, nothing for a plain 'no' extra", () => {
    expect(describeOrder(latte({ size: "regular", milk: "none", shots: "no" }), SEED_MENU)).toBe(
      "Latte, no milk",
    );
    expect(
      describeOrder(
        { drink: "hot-chocolate", drinkName: "Hot chocolate", modifiers: { size: "large" } },
        SEED_MENU,
      ),
    ).toBe("Large hot chocolate");
  });

  it("follows the menu's modifier order, whatever order the order lists them in", () => {
    expect(describeOrder(latte({ shots: "yes", milk: "soy", size: "small" }), SEED_MENU)).toBe(
      "Small soy latte, extra shot",
    );
  });

  it("still reads without the menu (a drink since removed)", () => {
    expect(describeOrder(latte({ size: "large", milk: "none", shots: "no" }))).toBe(
      "Large latte, no milk",
    );
    expect(describeOrder({ drink: "flat-white" })).toBe("Flat-white");
    expect(describeOrder({})).toBe("Drink");
  });
});
