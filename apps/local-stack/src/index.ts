/** @coffee/local-stack: the local stack, for `pnpm start` and for tests that run the whole shop. */
export {
  type LocalStack,
  type LocalStackOptions,
  PortInUseError,
  startLocalStack,
} from "./start-local-stack.js";
