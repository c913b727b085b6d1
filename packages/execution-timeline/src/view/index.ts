/** The timeline view (React): what the runtime console and the shop's inspector both draw. */
export { ExecutionPayloads } from "./execution-payloads.js";
export { JsonPayload } from "./json-payload.js";
export { SummaryItem, TimelineSummary } from "./timeline-summary.js";
export { TimelineTable, type TimelineTableProps } from "./timeline-table.js";
