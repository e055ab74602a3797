import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { allTriggers, exportUrl, type EventFilters, type EventSource, type EventStatus, type Trigger } from "../lib/api";
import { EventList } from "../components/EventList";
import { FieldError, fieldProps } from "../components/DefinitionFields";
import { isoToLocalInput, localInputToIso } from "../lib/time";
import type { FieldErrors } from "../lib/definition";

/** The filters live in the URL: a view can be bookmarked, shared and reloaded. */
function filtersFromUrl(search: URLSearchParams): EventFilters {
  let payloadContains: unknown = undefined;
  const raw = search.get("payload");
  if (raw) {
    try {
      payloadContains = JSON.parse(raw);
    } catch {
      payloadContains = undefined;
    }
  }
  const source = search.get("source");
  return {
    status: search.get("status") === "ARCHIVED" ? "ARCHIVED" : "ACTIVE",
    triggerId: search.get("trigger") || null,
    source: source === "SCHEDULE" || source === "API" || source === "MANUAL" ? source : null,
    includeTest: search.get("test") === "include",
    since: search.get("since") || null,
    until: search.get("until") || null,
    payloadContains,
  };
}

interface Draft {
  trigger: string;
  source: string;
  test: string;
  since: string;
  until: string;
  payload: string;
}

const draftOf = (search: URLSearchParams): Draft => ({
  trigger: search.get("trigger") ?? "",
  source: search.get("source") ?? "",
  test: search.get("test") === "include" ? "include" : "exclude",
  since: isoToLocalInput(search.get("since")),
  until: isoToLocalInput(search.get("until")),
  payload: search.get("payload") ?? "",
});

export function EventsPage() {
  const { url, route } = useLocation();
  const search = useMemo(() => new URLSearchParams(url.split("?")[1] ?? ""), [url]);
  const filters = useMemo(() => filtersFromUrl(search), [search]);
  const [draft, setDraft] = useState<Draft>(() => draftOf(search));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [triggers, setTriggers] = useState<Trigger[]>([]);

  useEffect(() => {
    document.title = "Events · Event triggers";
    allTriggers()
      .then(setTriggers)
      .catch(() => setTriggers([]));
  }, []);
  useEffect(() => setDraft(draftOf(search)), [search]);

  const go = (params: URLSearchParams) => {
    const q = params.toString();
    route(q ? `/events?${q}` : "/events");
  };

  const setTab = (status: EventStatus) => {
    const p = new URLSearchParams(search);
    p.delete("event");
    if (status === "ARCHIVED") p.set("status", "ARCHIVED");
    else p.delete("status");
    go(p);
  };

  const apply = (e: Event) => {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (draft.payload.trim()) {
      try {
        const v = JSON.parse(draft.payload);
        if (v === null || typeof v !== "object") errs.payload = ["Give a JSON object or array, e.g. {\"currency\": \"EUR\"}."];
      } catch (err) {
        errs.payload = [`Not valid JSON: ${(err as Error).message}`];
      }
    }
    const since = localInputToIso(draft.since);
    const until = localInputToIso(draft.until);
    if (since && until && since > until) errs.until = ["Until must be after Since."];
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const p = new URLSearchParams();
    if (filters.status === "ARCHIVED") p.set("status", "ARCHIVED");
    if (draft.trigger) p.set("trigger", draft.trigger);
    if (draft.source) p.set("source", draft.source);
    if (draft.test === "include") p.set("test", "include");
    if (since) p.set("since", since);
    if (until) p.set("until", until);
    if (draft.payload.trim()) p.set("payload", JSON.stringify(JSON.parse(draft.payload)));
    go(p);
  };

  const tabs: { status: EventStatus; label: string }[] = [
    { status: "ACTIVE", label: "Active" },
    { status: "ARCHIVED", label: "Archived" },
  ];
  const onTabKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      const next = filters.status === "ACTIVE" ? "ARCHIVED" : "ACTIVE";
      setTab(next);
      requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
    }
  };
  const set = (k: keyof Draft) => (e: { currentTarget: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.currentTarget.value }));

  return (
    <section aria-labelledby="events-h">
      <h1 id="events-h">Events</h1>
      <div role="tablist" aria-label="Event status" class="tabs" onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button
            key={t.status}
            type="button"
            role="tab"
            id={`tab-${t.status}`}
            aria-selected={filters.status === t.status ? "true" : "false"}
            aria-controls="events-panel"
            tabIndex={filters.status === t.status ? 0 : -1}
            onClick={() => setTab(t.status)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="events-panel" aria-labelledby={`tab-${filters.status}`}>
        <form class="filters" aria-label="Filters" onSubmit={apply}>
          <div class="field">
            <label for="flt-trigger">Trigger</label>
            <select id="flt-trigger" value={draft.trigger} onChange={set("trigger")}>
              <option value="">All triggers</option>
              {triggers.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="flt-source">Source</label>
            <select id="flt-source" value={draft.source} onChange={set("source")}>
              <option value="">Any</option>
              {(["SCHEDULE", "API", "MANUAL"] as EventSource[]).map((s) => (
                <option key={s} value={s}>
                  {s === "SCHEDULE" ? "Schedule" : s === "API" ? "API" : "Manual"}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="flt-test">Test runs</label>
            <select id="flt-test" value={draft.test} onChange={set("test")}>
              <option value="exclude">Exclude</option>
              <option value="include">Include</option>
            </select>
          </div>
          <div class="field">
            <label for="f-since">Since</label>
            <input type="datetime-local" step={1} {...fieldProps("since", errors)} value={draft.since} onInput={set("since")} />
            <FieldError k="since" errors={errors} />
          </div>
          <div class="field">
            <label for="f-until">Until</label>
            <input type="datetime-local" step={1} {...fieldProps("until", errors)} value={draft.until} onInput={set("until")} />
            <FieldError k="until" errors={errors} />
          </div>
          <div class="field wide">
            <label for="f-payload">Payload contains</label>
            <input
              type="text"
              {...fieldProps("payload", errors)}
              value={draft.payload}
              onInput={set("payload")}
              placeholder='{"currency": "EUR"}'
              spellcheck={false}
              autoComplete="off"
            />
            <FieldError k="payload" errors={errors} />
          </div>
          <div class="actions">
            <button type="submit">Apply</button>
            <a class="button secondary" href={exportUrl(filters)} download>
              Export NDJSON
            </a>
          </div>
        </form>
        <EventList filters={filters} live={filters.status === "ACTIVE"} openEventId={search.get("event")} />
      </div>
    </section>
  );
}
