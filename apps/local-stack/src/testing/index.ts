/** @coffee/local-stack/testing: the stack in a child process and an HTTP order driver, for tests and bench/. */
export { pool } from "@coffee/api";
export * from "./shop-driver.js";
export { STACK_PASSWORDS, type StackProcess, startStackProcess } from "./stack-process.js";
