/** @coffee/local-stack/testing: the stack in a child process, for tests and bench/. */
export { STACK_PASSWORDS, type StackProcess, startStackProcess } from "./stack-process.js";
