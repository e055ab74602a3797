// Live events need two filters in the page, those `eventFired` does not take: the status (an
// event replayed after a long drop may have aged to ARCHIVED) and the time range
// (since <= firedAt < until). The trigger, source, test flag and payload containment are decided
// by the server (eventFired's arguments, with the same meaning as the `events` query's).
import type { Event, EventFilters } from "./api";

export function inView(e: Event, f: EventFilters): boolean {
  if (e.status !== f.status) return false;
  const t = Date.parse(e.firedAt);
  if (f.since && t < Date.parse(f.since)) return false;
  return !(f.until && t >= Date.parse(f.until));
}
