/** Subscribes a view to live updates for as long as it is mounted; reports the connection. */
import { useEffect, useRef, useState } from "react";
import type { LiveEvent, LiveScope, LiveStatus } from "../realtime/realtime-source.js";
import { useServices } from "../services.js";

export function useLive(
  scope: LiveScope | undefined,
  handlers: { onEvent(event: LiveEvent): void; onLive(): void },
): LiveStatus {
  const { realtime } = useServices();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  // The latest handlers without reconnecting on every render.
  const ref = useRef(handlers);
  ref.current = handlers;
  const token = scope?.token;
  const orderId = scope?.orderId;
  const enabled = scope !== undefined;
  useEffect(() => {
    if (!enabled) return;
    return realtime.connect(
      { token, orderId },
      {
        onEvent: (event) => ref.current.onEvent(event),
        onStatus: (next) => {
          setStatus(next);
          if (next === "live") ref.current.onLive();
        },
      },
    );
  }, [realtime, enabled, token, orderId]);
  return status;
}
