/**
 * AppSync Events (the AWS realtime path): a WebSocket with the `aws-appsync-event-ws`
 * protocol, subscribed to the order channels and the shop channel with the public key. Each
 * message is a ping `{type, orderId?, status?}`; the views refetch what it names.
 */
import type { LiveEvent, LiveListener, LiveScope, RealtimeSource } from "./realtime-source.js";

export interface AppSyncEventsConfig {
  httpDomain: string;
  realtimeDomain: string;
  apiKey: string;
  channels: { orders: string; shop: string };
}

export function createAppSyncEventsSource(
  config: AppSyncEventsConfig,
  options: { WebSocket?: typeof WebSocket; maxBackoffMs?: number } = {},
): RealtimeSource {
  const auth = { host: config.httpDomain, "x-api-key": config.apiKey };
  const header = base64Url(JSON.stringify(auth));
  return {
    connect(scope: LiveScope, listener: LiveListener) {
      const Socket = options.WebSocket ?? globalThis.WebSocket;
      const channels = [`${config.channels.orders}/${scope.orderId ?? "*"}`, config.channels.shop];
      let socket: WebSocket | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let backoff = 500;
      let stopped = false;

      const open = () => {
        listener.onStatus("connecting");
        const ws = new Socket(`wss://${config.realtimeDomain}/event/realtime`, [
          "aws-appsync-event-ws",
          `header-${header}`,
        ]);
        socket = ws;
        let subscribed = 0;
        ws.onopen = () => ws.send(JSON.stringify({ type: "connection_init" }));
        ws.onmessage = (message) => {
          const data = JSON.parse(String(message.data)) as {
            type: string;
            event?: string | string[];
          };
          if (data.type === "connection_ack") {
            for (const [i, channel] of channels.entries()) {
              ws.send(
                JSON.stringify({ type: "subscribe", id: `sub-${i}`, channel, authorization: auth }),
              );
            }
          } else if (data.type === "subscribe_success") {
            subscribed++;
            if (subscribed === channels.length) {
              backoff = 500;
              listener.onStatus("live");
            }
          } else if (data.type === "data" && data.event !== undefined) {
            for (const raw of Array.isArray(data.event) ? data.event : [data.event]) {
              const ping = parsePing(raw);
              if (ping) listener.onEvent(ping);
            }
          }
        };
        ws.onclose = () => {
          listener.onStatus("down");
          if (stopped) return;
          retry = setTimeout(open, backoff);
          backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 10_000);
        };
      };
      open();
      return () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        socket?.close();
      };
    },
  };
}

function parsePing(raw: string): LiveEvent | undefined {
  try {
    const ping = JSON.parse(raw) as Record<string, unknown>;
    if (typeof ping.type !== "string") return undefined;
    const event: LiveEvent = { type: ping.type };
    if (typeof ping.orderId === "string") event.orderId = ping.orderId;
    if (typeof ping.status === "string") event.status = ping.status;
    return event;
  } catch {
    return undefined;
  }
}

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
