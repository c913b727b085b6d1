/**
 * The shop's config and menu as this API process last read them, kept for a moment (`ttlMs`):
 * `GET /config` and the menu a choice is checked against. A start's config (the customer limit,
 * the new order's terms) is kept with no end (`admissionConfig`): admission's write checks that
 * the stored config still has them, with the limits that must hold exactly (open, queue,
 * customer), and answers the stored config when it has changed, so a start reads the config only
 * once it changed. A choice whose menu is no longer kept reads it with the order, in one request.
 * What the menu's `ttlMs` can delay is a new menu reaching choices. Writes through this store
 * drop what it holds, so an admin sees their own change at once.
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
  /** Kept with no end: admission's own write checks it against the stored config. */
  #admission: Promise<ShopConfig> | undefined;

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

  admissionConfig(): Promise<ShopConfig> {
    if (!this.#admission) {
      const read = this.getConfig();
      this.#admission = read;
      read.catch(() => {
        if (this.#admission === read) this.#admission = undefined;
      });
    }
    return this.#admission;
  }

  configChanged(config: ShopConfig): void {
    this.#admission = Promise.resolve(config);
    this.#config = {
      value: Promise.resolve(config),
      until: this.options.now() + this.options.ttlMs,
    };
  }

  keptMenu(): Promise<Menu> | undefined {
    const held = this.#menu;
    return held && held.until > this.options.now() ? held.value : undefined;
  }

  menuRead(menu: Menu): void {
    this.#menu = { value: Promise.resolve(menu), until: this.options.now() + this.options.ttlMs };
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
      this.#admission = undefined;
    }
  }
}
