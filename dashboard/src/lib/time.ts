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
