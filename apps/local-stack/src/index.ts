/** @coffee/local-stack: the local stack, for `pnpm start` and for tests that run the whole shop. */
export { LocalStackError, type LocalStackErrorCode } from "./local-stack-error.js";
export {
  type LocalStack,
  type LocalStackOptions,
  type LocalStackWithRuntimeHere,
  type LocalStackWithRuntimeThread,
  type RuntimeHereOptions,
  type RuntimeThreadOptions,
  startLocalStack,
} from "./start-local-stack.js";
