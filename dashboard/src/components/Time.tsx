import { fmtInZone, fmtUtc } from "../lib/time";

/** A time in the viewer's zone, or in `zone` (a schedule's own) when given, with UTC on a second
 * line and in the title. */
export function Time({ iso, inline = false, zone }: { iso: string | null | undefined; inline?: boolean; zone?: string | null }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={fmtUtc(iso)} class={inline ? "time inline" : "time"}>
      <span class="local">{fmtInZone(iso, zone)}</span>
      <span class="utc">{fmtUtc(iso)}</span>
    </time>
  );
}
