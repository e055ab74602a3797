import { fmtLocal, fmtUtc } from "../lib/time";

/** A time in the viewer's zone, with UTC on a second line and in the title. */
export function Time({ iso, inline = false }: { iso: string | null | undefined; inline?: boolean }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={fmtUtc(iso)} class={inline ? "time inline" : "time"}>
      <span class="local">{fmtLocal(iso)}</span>
      <span class="utc">{fmtUtc(iso)}</span>
    </time>
  );
}
