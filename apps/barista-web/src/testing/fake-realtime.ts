/** A realtime source the test drives: it records who listens and delivers what the test emits. */
import type {
  LiveEvent,
  LiveListener,
  LiveScope,
  LiveStatus,
  RealtimeSource,
} from "../realtime/realtime-source.js";

export class FakeRealtime implements RealtimeSource {
  readonly connections: { scope: LiveScope; listener: LiveListener }[] = [];

  connect(scope: LiveScope, listener: LiveListener): () => void {
    const connection = { scope, listener };
    this.connections.push(connection);
    listener.onStatus("connecting");
    return () => {
      const i = this.connections.indexOf(connection);
      if (i >= 0) this.connections.splice(i, 1);
    };
  }

  /** Every listener goes to `status` (`live` makes views reload their snapshot). */
  setStatus(status: LiveStatus): void {
    for (const c of [...this.connections]) c.listener.onStatus(status);
  }

  emit(event: LiveEvent): void {
    for (const c of [...this.connections]) {
      if (c.scope.orderId && event.orderId && c.scope.orderId !== event.orderId) continue;
      c.listener.onEvent(event);
    }
  }
}
