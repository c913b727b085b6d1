/** @coffee/shop-driver: a running shop driven over HTTP, for bench/ and local-stack's tests. */
export { pool } from "@coffee/api";
export { type ApiAnswer, type ApiCall, apiCaller } from "./api-caller.js";
export * from "./shop-driver.js";
