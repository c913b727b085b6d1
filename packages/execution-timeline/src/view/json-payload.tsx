/** A payload as folded pretty JSON: short ones inline as recorded, long ones behind a summary. */
import { prettyPayload } from "../model/format.js";
import styles from "./timeline.module.css";

const INLINE_LIMIT = 60;

export function JsonPayload({ label, text }: { label: string; text: string }) {
  if (text.length <= INLINE_LIMIT) {
    return (
      <div className={styles.payload}>
        <span className={styles.payloadLabel}>{label}</span> <code>{text}</code>
      </div>
    );
  }
  return (
    <details className={styles.payload}>
      <summary>
        <span className={styles.payloadLabel}>{label}</span>{" "}
        <code className={styles.preview}>{oneLine(text)}</code>
      </summary>
      <pre>{prettyPayload(text)}</pre>
    </details>
  );
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > INLINE_LIMIT ? `${flat.slice(0, INLINE_LIMIT)}…` : flat;
}
