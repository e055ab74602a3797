import { useEffect, useMemo, useState } from "preact/hooks";
import { eventCounts, triggerRows, type TriggerRow, type EventCount } from "../lib/api";
import { canWrite } from "../lib/session";
import { Time } from "../components/Time";
import { Alert, errorText } from "../components/Notice";

/** The "Events, 24 h" column's window. */
const RECENT_MS = 24 * 3600 * 1000;

export function TriggersList() {
  const [triggers, setTriggers] = useState<TriggerRow[] | null>(null);
  const [counts, setCounts] = useState<Map<string, EventCount>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState(() => new URLSearchParams(location.search).get("q") ?? "");

  useEffect(() => {
    document.title = "Triggers · Event triggers";
    let live = true;
    (async () => {
      try {
        // Each page of triggers carries its last events and recent counts (one request per page of
        // 100, whatever the number of triggers); the active/archived counts are one more request.
        const since = new Date(Date.now() - RECENT_MS).toISOString();
        const [list, c] = await Promise.all([triggerRows(since), eventCounts()]);
        if (!live) return;
        setTriggers(list);
        setCounts(new Map(c.map((x) => [x.triggerId, x])));
      } catch (e) {
        if (live) setError(errorText(e));
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (triggers ?? []).filter((t) => !q || t.name.toLowerCase().includes(q));
  }, [triggers, query]);

  const onSearch = (value: string) => {
    setQuery(value);
    const url = new URL(location.href);
    if (value) url.searchParams.set("q", value);
    else url.searchParams.delete("q");
    history.replaceState(history.state, "", url.pathname + url.search);
  };

  return (
    <section aria-labelledby="triggers-h">
      <div class="page-head">
        <h1 id="triggers-h">Triggers</h1>
        {canWrite.value && (
          <a class="button" href="/triggers/new">
            New trigger
          </a>
        )}
      </div>
      <div class="toolbar" role="search">
        <label for="trigger-search" class="visually-hidden">
          Search triggers
        </label>
        <input
          id="trigger-search"
          type="search"
          placeholder="Search by name"
          value={query}
          onInput={(e) => onSearch((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <Alert errors={error ? [error] : []} />
      {triggers === null && !error && <p role="status">Loading triggers…</p>}
      {triggers !== null && (
        <div class="table-wrap">
          <table aria-label="Triggers">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Schedule</th>
                <th scope="col">Next fire</th>
                <th scope="col">Paused</th>
                <th scope="col">Missed</th>
                <th scope="col">Last event</th>
                <th scope="col">Events, 24 h</th>
                <th scope="col">Active</th>
                <th scope="col">Archived</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => {
                const c = counts.get(t.id);
                return (
                  <tr key={t.id} data-trigger-id={t.id}>
                    <td>
                      <a href={`/triggers/${t.id}`}>{t.name}</a>
                    </td>
                    <td>{t.kind === "API" ? "API" : "Scheduled"}</td>
                    <td>{t.schedule ? t.schedule.description : "Webhook"}</td>
                    <td>
                      <Time iso={t.nextFireAt} zone={t.schedule?.timezone} />
                    </td>
                    <td>{t.paused ? <span class="badge warn">Paused</span> : "No"}</td>
                    <td class="num">{t.missedFirings}</td>
                    <td>
                      {t.lastEvent ? (
                        <a href={`/events/${encodeURIComponent(t.lastEvent.id)}`}>
                          <Time iso={t.lastEvent.firedAt} />
                        </a>
                      ) : (
                        <Time iso={null} />
                      )}
                    </td>
                    <td class="num">{t.eventCount}</td>
                    <td class="num">{c?.active ?? 0}</td>
                    <td class="num">{c?.archived ?? 0}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {shown.length === 0 && <p>{triggers.length ? "No trigger matches the search." : "No triggers yet."}</p>}
        </div>
      )}
    </section>
  );
}
