import { Component } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { getEvent, listEvents, type Event, type EventFilters } from "../lib/api";
import { liveEvents, idAfter, type LiveState } from "../lib/live";
import { inView } from "../lib/match";
import { fmtLocal, fmtUtc } from "../lib/time";
import { EventInspector } from "./EventInspector";
import { Alert, errorText } from "./Notice";

/** At most this many rows are kept (and rendered): a page left open for hours stays small. */
export const WINDOW = 500;
const PAGE = 50;

interface Row {
  event: Event;
  /** The `events` cursor after this row, when it came from a page (live rows have none). */
  cursor: string | null;
  preview: string;
}

const toRow = (event: Event, cursor: string | null): Row => {
  const text = JSON.stringify(event.payload) ?? "null";
  return { event, cursor, preview: text.length > 120 ? text.slice(0, 117) + "…" : text };
};

interface RowProps {
  row: Row;
  selected: boolean;
  onOpen: (e: Event) => void;
}

/** One row; re-renders only when its event or selection changes (200 events/s re-render the list
 * many times a second). */
class EventRow extends Component<RowProps> {
  shouldComponentUpdate(next: RowProps) {
    return next.row !== this.props.row || next.selected !== this.props.selected;
  }
  render({ row, selected, onOpen }: RowProps) {
    const e = row.event;
    return (
      <tr data-event-id={e.id} class={selected ? "selected" : undefined} aria-selected={selected ? "true" : undefined}>
        <td>
          <button type="button" class="link" onClick={() => onOpen(e)} title={fmtUtc(e.firedAt)}>
            {fmtLocal(e.firedAt)}
          </button>
        </td>
        <td>{e.triggerName}</td>
        <td>{e.source}</td>
        <td>{e.status}</td>
        <td>{e.isTest ? "Yes" : "No"}</td>
        <td>
          <code class="payload-preview">{row.preview}</code>
        </td>
      </tr>
    );
  }
}

interface Props {
  filters: EventFilters;
  /** Follow new events through eventFired (ACTIVE only: events are archived by age). */
  live: boolean;
  /** An event to open in the inspector at once (from a link). */
  openEventId?: string | null;
  label?: string;
}

const LIVE_TEXT: Record<LiveState | "off", string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  off: "Not live",
};

export function EventList({ filters, live, openEventId, label = "Events" }: Props) {
  const rows = useRef<Row[]>([]);
  const ids = useRef<Set<string>>(new Set());
  const pending = useRef<Event[]>([]);
  const pendingCount = useRef(0);
  const queue = useRef<Event[]>([]);
  const frame = useRef<number | null>(null);
  const endCursor = useRef<string | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const [, setVersion] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [liveState, setLiveState] = useState<LiveState | "off">(live ? "connecting" : "off");
  const [selected, setSelected] = useState<Event | null>(null);
  const filterKey = JSON.stringify(filters);
  const rerender = () => setVersion((v) => v + 1);

  const setRows = (next: Row[]) => {
    if (next.length > WINDOW) {
      next = next.slice(0, WINDOW);
      // Older rows fell out of the window: "Load more" continues after the last one kept.
      const last = next[next.length - 1];
      endCursor.current = last.cursor;
      setHasMore(true);
    }
    rows.current = next;
    ids.current = new Set(next.map((r) => r.event.id));
  };

  const scrolledAway = () => {
    const t = tableRef.current;
    return !!t && t.getBoundingClientRect().top < -40;
  };

  /** Batched: all events that arrived since the last frame go in with one render. */
  const flush = () => {
    frame.current = null;
    const batch = queue.current;
    queue.current = [];
    const fresh = batch.filter((e) => !ids.current.has(e.id) && inView(e, filters));
    if (!fresh.length) return;
    fresh.reverse(); // newest first
    if (scrolledAway() || pendingCount.current > 0) {
      pending.current = fresh.concat(pending.current).slice(0, WINDOW);
      pendingCount.current += fresh.length;
    } else {
      setRows(fresh.map((e) => toRow(e, null)).concat(rows.current));
    }
    rerender();
  };

  const showPending = () => {
    setRows(pending.current.map((e) => toRow(e, null)).concat(rows.current));
    pending.current = [];
    pendingCount.current = 0;
    rerender();
    tableRef.current?.scrollIntoView({ block: "start" });
    tableRef.current?.querySelector<HTMLButtonElement>("tbody button")?.focus();
  };

  useEffect(() => {
    let stopped = false;
    let stopLive: (() => void) | null = null;
    rows.current = [];
    ids.current = new Set();
    pending.current = [];
    pendingCount.current = 0;
    queue.current = [];
    endCursor.current = null;
    setLoading(true);
    setError(null);
    setHasMore(false);
    rerender();

    (async () => {
      try {
        // Resume point when no matching event is shown yet: the newest event of all (any id is a
        // position in the log), read BEFORE the list, so that nothing committed between the two
        // reads falls in a gap.
        const newestOfAll = live ? await listEvents({ status: "ACTIVE", includeTest: true }, 1, null) : null;
        const page = await listEvents(filters, PAGE, null);
        if (stopped) return;
        setRows(page.items.map((i) => toRow(i.node, i.cursor)));
        endCursor.current = page.endCursor;
        setHasMore(page.hasNextPage);
        setLoading(false);
        rerender();
        if (!live) return;
        // Resume point: the newest id shown, else the newest of all read before the list.
        const after = page.items[0]?.node.id ?? newestOfAll?.items[0]?.node.id ?? null;
        stopLive = liveEvents({
          triggerId: filters.triggerId,
          includeTest: !!filters.includeTest,
          source: filters.source,
          payloadContains: filters.payloadContains,
          after,
          onState: (s) => !stopped && setLiveState(s),
          onError: (m) => !stopped && setError(m),
          onEvent: (e) => {
            queue.current.push(e);
            if (frame.current === null) frame.current = requestAnimationFrame(flush);
          },
        });
      } catch (e) {
        if (!stopped) {
          setError(errorText(e));
          setLoading(false);
        }
      }
    })();
    return () => {
      stopped = true;
      stopLive?.();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    };
  }, [filterKey, live]);

  // When the person scrolls back to the top, the waiting events join the list.
  useEffect(() => {
    const onScroll = () => {
      if (pendingCount.current > 0 && !scrolledAway() && window.scrollY < 5) showPending();
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, []);

  useEffect(() => {
    if (!openEventId) return;
    let live = true;
    getEvent(openEventId)
      .then((e) => live && e && setSelected(e))
      .catch((e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [openEventId]);

  const loadMore = async () => {
    setLoading(true);
    try {
      const last = rows.current[rows.current.length - 1];
      let page;
      if (endCursor.current || !last) {
        page = await listEvents(filters, PAGE, endCursor.current);
      } else {
        // The last row came live (no cursor): continue from its time and drop what is shown.
        // `until` excludes its own instant: one millisecond later keeps events of the same time,
        // and those already shown are dropped below.
        const until = new Date(Date.parse(last.event.firedAt) + 1).toISOString();
        page = await listEvents({ ...filters, until }, PAGE + 1, null);
      }
      const older = page.items.filter((i) => !ids.current.has(i.node.id) && !(last && idAfter(i.node.id, last.event.id)));
      const next = rows.current.concat(older.map((i) => toRow(i.node, i.cursor)));
      rows.current = next;
      ids.current = new Set(next.map((r) => r.event.id));
      endCursor.current = page.endCursor;
      setHasMore(page.hasNextPage);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  };

  const n = pendingCount.current;
  return (
    <div class="event-list">
      <div class="list-head">
        <p role="status" class={`live-state ${liveState}`}>
          {LIVE_TEXT[liveState]}
        </p>
        {n > 0 && (
          <button type="button" class="new-events" onClick={showPending}>
            {n === 1 ? "1 new event" : `${n} new events`}
          </button>
        )}
      </div>
      <Alert errors={error ? [error] : []} />
      <div class={selected ? "list-and-inspector open" : "list-and-inspector"}>
        <div class="table-wrap">
          <table aria-label={label} ref={tableRef}>
            <thead>
              <tr>
                <th scope="col">Fired</th>
                <th scope="col">Trigger</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col">Test</th>
                <th scope="col">Payload</th>
              </tr>
            </thead>
            <tbody>
              {rows.current.map((r) => (
                <EventRow key={r.event.id} row={r} selected={selected?.id === r.event.id} onOpen={setSelected} />
              ))}
            </tbody>
          </table>
          {!loading && rows.current.length === 0 && <p class="empty-list">No events match.</p>}
          {loading && <p class="hint">Loading events…</p>}
          {hasMore && (
            <button type="button" class="secondary load-more" onClick={loadMore} disabled={loading}>
              Load more
            </button>
          )}
        </div>
        {selected && <EventInspector event={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
