/**
 * Which queued orders arrived while the console was open: not the ones there when it loaded,
 * nor one put back by a barista (it has unaccepts). Each is announced once (`onArrival`) and
 * stays marked as fresh for `freshMs`.
 */
import type { PublicOrder } from "@coffee/shared";
import { useEffect, useRef, useState } from "react";

export function useNewOrders(
  queue: PublicOrder[],
  loading: boolean,
  nowMs: number,
  onArrival: (order: PublicOrder) => void,
  freshMs = 20_000,
): Set<string> {
  const seen = useRef<Set<string> | undefined>(undefined);
  const [arrivals, setArrivals] = useState<Map<string, number>>(new Map());
  const announce = useRef(onArrival);
  announce.current = onArrival;

  useEffect(() => {
    if (loading) return;
    if (!seen.current) {
      // The first snapshot is what was already waiting: nothing to announce.
      seen.current = new Set(queue.map((o) => o.orderId));
      return;
    }
    const known = seen.current;
    const arrived = queue.filter((o) => !known.has(o.orderId));
    if (arrived.length === 0) return;
    for (const order of arrived) known.add(order.orderId);
    const news = arrived.filter((o) => !o.unaccepts);
    if (news.length === 0) return;
    setArrivals((current) => {
      const next = new Map(current);
      for (const order of news) next.set(order.orderId, nowMs);
      return next;
    });
    for (const order of news) announce.current(order);
  }, [queue, loading, nowMs]);

  const fresh = new Set<string>();
  for (const [orderId, at] of arrivals) if (nowMs - at < freshMs) fresh.add(orderId);
  return fresh;
}
