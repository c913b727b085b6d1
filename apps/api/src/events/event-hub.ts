/**
 * The live-update hub behind `GET /api/events`: a bounded ring of recent events (for
 * `Last-Event-ID` resume) and the set of open streams, each with its own audience filter.
 */
import type { Principal } from "../auth/principal.js";
import { isStaff } from "../auth/principal.js";

export interface HubEvent {
  /** `<boot>-<seq>`: increasing within one process; the boot part tells restarts apart. */
  id: string;
  /** SSE event name: the EventBridge detail-type, e.g. `Order.Queued`. */
  type: string;
  data: unknown;
  /** The customer whose order this is; undefined for shop-wide events everyone may see. */
  customerId?: string;
}

export type HubListener = (event: HubEvent) => void;

/** Whether `principal` (undefined: anonymous) may see `event`. */
export function canSee(principal: Principal | undefined, event: HubEvent): boolean {
  if (event.customerId === undefined) return true;
  if (!principal) return false;
  return isStaff(principal) || principal.id === event.customerId;
}

export class EventHub {
  readonly #capacity: number;
  readonly #ring: HubEvent[] = [];
  readonly #listeners = new Set<HubListener>();
  readonly #boot: string;
  #seq = 0;

  constructor(options: { capacity?: number; boot?: string } = {}) {
    this.#capacity = options.capacity ?? 1000;
    this.#boot = options.boot ?? Date.now().toString(36);
  }

  publish(event: Omit<HubEvent, "id">): HubEvent {
    const stored: HubEvent = { ...event, id: `${this.#boot}-${++this.#seq}` };
    this.#ring.push(stored);
    if (this.#ring.length > this.#capacity) this.#ring.shift();
    for (const listener of this.#listeners) listener(stored);
    return stored;
  }

  /**
   * Events after `lastEventId` still in the ring. An id from another boot (the server restarted)
   * replays the whole ring; an id too old for the ring replays what is left.
   */
  since(lastEventId: string | undefined): HubEvent[] {
    if (!lastEventId) return [];
    const [boot, seqText] = lastEventId.split("-");
    const seq = Number(seqText);
    if (boot !== this.#boot || !Number.isInteger(seq)) return [...this.#ring];
    return this.#ring.filter((e) => Number(e.id.split("-")[1]) > seq);
  }

  subscribe(listener: HubListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
