// The filters the subscription cannot apply on the server (it knows triggerId and includeTest
// only) are applied to live events here, with the same meaning as the `events` query's arguments.
import type { Event, EventFilters } from "./api";

/** JSON containment as Postgres' @> defines it: objects by subset, arrays by contained elements. */
export function contains(value: unknown, pattern: unknown): boolean {
  if (pattern === null || typeof pattern !== "object") return value === pattern;
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value)) return false;
    return pattern.every((p) => value.some((v) => contains(v, p)));
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const obj = value as Record<string, unknown>;
  return Object.entries(pattern as Record<string, unknown>).every(([k, p]) => k in obj && contains(obj[k], p));
}

export function matches(e: Event, f: EventFilters): boolean {
  if (e.status !== f.status) return false;
  if (f.triggerId && e.triggerId !== f.triggerId) return false;
  if (f.source && e.source !== f.source) return false;
  if (!f.includeTest && e.isTest) return false;
  const t = Date.parse(e.firedAt);
  if (f.since && t < Date.parse(f.since)) return false;
  if (f.until && t >= Date.parse(f.until)) return false; // since <= firedAt < until
  if (f.payloadContains !== undefined && f.payloadContains !== null && !contains(e.payload, f.payloadContains)) return false;
  return true;
}
