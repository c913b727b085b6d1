/** Shows whether live updates flow; polite, so a reconnect is announced without interrupting. */
import type { LiveStatus } from "../realtime/realtime-source.js";
import styles from "./live-badge.module.css";

const TEXT: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  down: "Reconnecting…",
};

export function LiveBadge({ status }: { status: LiveStatus }) {
  return (
    <span className={`${styles.badge} ${styles[status]}`} role="status" aria-live="polite">
      {TEXT[status]}
    </span>
  );
}
