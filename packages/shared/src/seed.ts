/** Seed data for a fresh shop: the menu, the stock and the configuration. */
import { DEFAULT_LIMITS, DEFAULT_TIMEOUTS, type ShopConfig } from "./config.js";
import type { Menu, Stock } from "./menu.js";

const milk = {
  id: "milk",
  name: "Milk",
  options: ["whole", "oat", "soy", "none"],
  default: "whole",
};
const size = {
  id: "size",
  name: "Size",
  options: ["small", "regular", "large"],
  default: "regular",
};
const shots = { id: "shots", name: "Extra shot", options: ["no", "yes"], default: "no" };

export const SEED_MENU: Menu = [
  {
    id: "espresso",
    name: "Espresso",
    available: true,
    modifiers: [shots],
    ingredients: { beans: 1 },
  },
  {
    id: "americano",
    name: "Americano",
    available: true,
    modifiers: [size, shots],
    ingredients: { beans: 1 },
  },
  {
    id: "latte",
    name: "Latte",
    available: true,
    modifiers: [size, milk, shots],
    ingredients: { beans: 1, milk: 1 },
  },
  {
    id: "cappuccino",
    name: "Cappuccino",
    available: true,
    modifiers: [size, milk, shots],
    ingredients: { beans: 1, milk: 1 },
  },
  {
    id: "hot-chocolate",
    name: "Hot chocolate",
    available: true,
    modifiers: [size, milk],
    ingredients: { cocoa: 1, milk: 1 },
  },
];

export const SEED_STOCK: Stock = { beans: 500, milk: 300, cocoa: 100 };

export const SEED_CONFIG: ShopConfig = {
  storeOpen: true,
  limits: DEFAULT_LIMITS,
  timeouts: DEFAULT_TIMEOUTS,
};
