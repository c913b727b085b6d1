/**
 * The shop's config and menu as this API process last read them, kept for a moment: every start
 * reads the config (the customer limit, the new order's terms) and every choice reads the menu,
 * and under load one read a second serves them all. The limits that must hold exactly (open,
 * queue, customer) are conditions of the admission write itself, which reads the stored items;
 * what the cache can delay, by at most `ttlMs`, is a new timeout or menu reaching new orders.
 * Writes through this store drop what it holds, so an admin sees their own change at once.
 */
import type { Menu, ShopConfig, Stock } from "@coffee/shared";
import type { ShopStore } from "./app-deps.js";

interface Held<T> {
  value: Promise<T>;
  until: number;
}

export class CachedShopStore implements ShopStore {
  #config: Held<ShopConfig> | undefined;
  #menu: Held<Menu> | undefined;

  constructor(
    private readonly shop: ShopStore,
    private readonly options: { ttlMs: number; now: () => number },
  ) {}

  getConfig(): Promise<ShopConfig> {
    this.#config = this.#fresh(this.#config, () => this.shop.getConfig());
    return this.#config.value;
  }

  getMenu(): Promise<Menu> {
    this.#menu = this.#fresh(this.#menu, () => this.shop.getMenu());
    return this.#menu.value;
  }

  putConfig(config: ShopConfig) {
    return this.#write(() => this.shop.putConfig(config));
  }

  setStoreOpen(open: boolean) {
    return this.#write(() => this.shop.setStoreOpen(open));
  }

  putMenu(menu: Menu) {
    return this.#write(() => this.shop.putMenu(menu));
  }

  getStock() {
    return this.shop.getStock();
  }

  putStock(stock: Stock) {
    return this.shop.putStock(stock);
  }

  setStockLevels(levels: Stock) {
    return this.shop.setStockLevels(levels);
  }

  #fresh<T>(held: Held<T> | undefined, read: () => Promise<T>): Held<T> {
    const now = this.options.now();
    if (held && held.until > now) return held;
    const value = read();
    // A failed read is not kept: the next caller tries again.
    value.catch(() => {
      if (this.#config?.value === value) this.#config = undefined;
      if (this.#menu?.value === value) this.#menu = undefined;
    });
    return { value, until: now + this.options.ttlMs };
  }

  async #write<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.#config = undefined;
      this.#menu = undefined;
    }
  }
}
