/**
 * `GET /api/events` through `EventSource`: it resumes by itself with `Last-Event-ID` after a
 * network blip; when the server refuses or vanishes (a restart), the stream is opened again
 * with a capped backoff. The token travels as `access_token` because EventSource cannot set
 * headers (the API accepts it there for this reason); without one the session cookie is used.
 */
import { ORDER_EVENT_TYPES, publicOrderSchema, SHOP_EVENT_TYPES } from "@coffee/shared";
import { z } from "zod";
import type { LiveListener, LiveScope, RealtimeSource } from "./realtime-source.js";

const pingSchema = z.object({ orderId: z.string().optional(), status: z.string().optional() });

const EVENT_TYPES = [...Object.values(ORDER_EVENT_TYPES), ...Object.values(SHOP_EVENT_TYPES)];

export interface SseSourceOptions {
  url?: string;
  /** Injected in tests; the browser's EventSource otherwise. */
  EventSource?: typeof EventSource;
  maxBackoffMs?: number;
}

export function createSseSource(options: SseSourceOptions = {}): RealtimeSource {
  const url = options.url ?? "/api/events";
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  return {
    connect(scope: LiveScope, listener: LiveListener) {
      const Source = options.EventSource ?? globalThis.EventSource;
      let source: EventSource | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let backoff = 500;
      let stopped = false;

      const open = () => {
        const query = scope.token ? `?access_token=${encodeURIComponent(scope.token)}` : "";
        const es = new Source(`${url}${query}`, { withCredentials: true });
        source = es;
        listener.onStatus("connecting");
        es.addEventListener("ready", () => {
          backoff = 500;
          listener.onStatus("live");
        });
        for (const type of EVENT_TYPES) {
          es.addEventListener(type, (message) => {
            const data = safeJson((message as MessageEvent<string>).data);
            const order = publicOrderSchema.safeParse(data);
            // An order that does not parse (a newer API?) still says which order changed.
            const ref = pingSchema.safeParse(data);
            const orderId = order.data?.orderId ?? ref.data?.orderId;
            const status = order.data?.status ?? ref.data?.status;
            if (scope.orderId && orderId && orderId !== scope.orderId) return;
            listener.onEvent({ type, orderId, status, order: order.data });
          });
        }
        es.onerror = () => {
          listener.onStatus("down");
          // CONNECTING: the browser retries on its own. CLOSED: it gave up; we try again.
          if (es.readyState === 2 && !stopped) {
            es.close();
            retry = setTimeout(open, backoff);
            backoff = Math.min(backoff * 2, maxBackoff);
          }
        };
      };
      open();
      return () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        source?.close();
      };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
