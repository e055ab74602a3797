// Times are shown twice: in the viewer's own zone and in UTC (what the API speaks).
const local = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "short", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short",
});
const utc = new Intl.DateTimeFormat("en-GB", {
  year: "numeric", month: "short", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC", timeZoneName: "short",
});
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function fmtLocal(iso: string | null | undefined): string {
  return iso ? local.format(new Date(iso)) : "—";
}
const zoned = new Map<string, Intl.DateTimeFormat | null>();
/** A formatter for an IANA zone, or null when the zone is not one (e.g. still being typed). */
function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  if (!zoned.has(zone)) {
    let f: Intl.DateTimeFormat | null;
    try {
      f = new Intl.DateTimeFormat(undefined, {
        year: "numeric", month: "short", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: zone,
      });
    } catch {
      f = null; // RangeError: not a zone this browser knows
    }
    zoned.set(zone, f);
  }
  return zoned.get(zone) ?? null;
}

/** A schedule's time as its trigger reads it: in the schedule's own zone, named. Falls back to
 * the viewer's zone when `zone` is absent or unknown. */
export function fmtInZone(iso: string | null | undefined, zone: string | null | undefined): string {
  if (!iso) return "—";
  const f = zone ? zoneFormat(zone) : null;
  return f ? `${f.format(new Date(iso))} (${zone})` : fmtLocal(iso);
}

export function fmtUtc(iso: string | null | undefined): string {
  return iso ? utc.format(new Date(iso)) : "—";
}
export function fmtClock(iso: string): string {
  return clock.format(new Date(iso));
}

/** A datetime-local input's value (viewer's zone, no offset) -> ISO 8601 with offset (UTC). */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** ISO 8601 -> a datetime-local input's value in the viewer's zone. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
