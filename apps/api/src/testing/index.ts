/** @coffee/api/testing: a reader for the API's event stream, for tests here and in the local stack. */
export { readSse, type SseMessage } from "./sse-reader.js";
