/** The execution's own input and its result or error, folded as pretty JSON. */
import type { ExecutionTimeline } from "../model/timeline.js";
import { JsonPayload } from "./json-payload.js";
import styles from "./timeline.module.css";

export function ExecutionPayloads({ timeline }: { timeline: ExecutionTimeline }) {
  return (
    <section className={styles.payloads} aria-label="Execution input and outcome">
      <JsonPayload label="Input" text={timeline.input ?? "null"} />
      {timeline.result !== undefined ? <JsonPayload label="Result" text={timeline.result} /> : null}
      {timeline.error ? <JsonPayload label="Error" text={JSON.stringify(timeline.error)} /> : null}
    </section>
  );
}
