/**
 * `node:crypto` for the browser bundle: @coffee/shared's `newOrderId` imports `randomBytes`.
 * The web app never mints order ids, but the import must resolve; Web Crypto backs it.
 * Drop this alias once @coffee/shared uses `globalThis.crypto.getRandomValues` itself.
 */
export function randomBytes(size: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(size));
}
