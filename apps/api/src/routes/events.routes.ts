/**
 * `GET /api/events`: Server-Sent Events of order and shop changes, filtered by role (a customer
 * gets their own orders, staff get all, everyone gets shop events), resumable with
 * `Last-Event-ID`, with heartbeats, and unsubscribed as soon as the client goes away.
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import type { AppDeps } from "../app-deps.js";
import type { AuthEnv } from "../auth/auth.middleware.js";
import { canSee, type HubEvent } from "../events/event-hub.js";
import { validate } from "../validation.js";

// EventSource cannot send headers: a staff page may pass its token in the query instead.
const eventsQuery = z.object({ access_token: z.string().min(1).max(4096).optional() });
const eventsHeaders = z.object({ "last-event-id": z.string().max(64).optional() });

export function eventsRoutes(deps: AppDeps) {
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  return new Hono<AuthEnv>().get(
    "/events",
    validate("query", eventsQuery),
    validate("header", eventsHeaders),
    async (c) => {
      const queryToken = c.req.valid("query").access_token;
      const principal = queryToken ? await deps.sessions.verify(queryToken) : c.get("principal");
      const lastEventId = c.req.valid("header")["last-event-id"];
      return streamSSE(c, async (stream) => {
        const pending: HubEvent[] = [];
        let heartbeatDue = false;
        let wake: (() => void) | undefined;
        const notify = () => {
          wake?.();
          wake = undefined;
        };
        // Subscribe before reading the ring: publish is synchronous, so nothing falls in between.
        const unsubscribe = deps.hub.subscribe((event) => {
          if (canSee(principal, event)) {
            pending.push(event);
            notify();
          }
        });
        pending.unshift(...deps.hub.since(lastEventId).filter((e) => canSee(principal, e)));
        const heartbeat = setInterval(() => {
          heartbeatDue = true;
          notify();
        }, heartbeatMs);
        let open = true;
        stream.onAbort(() => {
          open = false;
          clearInterval(heartbeat);
          unsubscribe();
          notify();
        });
        try {
          await stream.writeSSE({
            event: "ready",
            data: JSON.stringify({ role: principal?.role ?? "anonymous" }),
            retry: 3000,
          });
          while (open) {
            const event = pending.shift();
            if (event) {
              await stream.writeSSE({
                id: event.id,
                event: event.type,
                data: JSON.stringify(event.data),
              });
            } else if (heartbeatDue) {
              heartbeatDue = false;
              await stream.write(": heartbeat\n\n");
            } else {
              await new Promise<void>((resolve) => {
                wake = resolve;
              });
            }
          }
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
        }
      });
    },
  );
}
