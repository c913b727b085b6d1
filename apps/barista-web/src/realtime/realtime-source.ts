/**
 * Live updates behind one small interface: locally the API's server-sent events, in AWS an
 * AppSync Events WebSocket. Views treat every event as "this changed" and may refetch; an SSE
 * event also carries the order itself, which saves the refetch.
 */
import type { PublicOrder } from "@coffee/shared";

export interface LiveEvent {
  /** Detail-type, e.g. `Order.Queued` or `Shop.StoreStatusChanged`. */
  type: string;
  orderId?: string;
  status?: string;
  /** The full order, when the source carries it (SSE does; AppSync pings do not). */
  order?: PublicOrder;
}

/** `live`: connected, and everything missed before was resent or must be refetched now. */
export type LiveStatus = "connecting" | "live" | "down";

export interface LiveListener {
  onEvent(event: LiveEvent): void;
  /** Called with `live` on every (re)connection: the moment to reload a snapshot. */
  onStatus(status: LiveStatus): void;
}

/** Who listens: a staff token sees every order; a customer token (and orderId) its own. */
export interface LiveScope {
  token?: string | undefined;
  orderId?: string | undefined;
}

export interface RealtimeSource {
  /** Starts listening; the returned function stops it. */
  connect(scope: LiveScope, listener: LiveListener): () => void;
}
