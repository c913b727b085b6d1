/**
 * @coffee/api/testing: for tests here and in the local stack: a reader for the API's event
 * stream, and the app on in-memory stores (any of which a test may replace with real ones).
 */

export { RecordingWorkflow } from "./memory-stores.js";
export { readSse, type SseMessage } from "./sse-reader.js";
export { createTestApp } from "./test-app.js";
