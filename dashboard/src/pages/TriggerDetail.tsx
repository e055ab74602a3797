import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import {
  deleteTrigger,
  eventCounts,
  fireTrigger,
  getTrigger,
  triggerAction,
  type Event,
  type EventCount,
  type Trigger,
} from "../lib/api";
import { canWrite } from "../lib/session";
import { Time } from "../components/Time";
import { Alert, errorText } from "../components/Notice";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { RateChart } from "../components/RateChart";
import { EventList } from "../components/EventList";
import { fmtInZone, fmtUtc } from "../lib/time";
import type { UserError } from "../lib/graphql";

type Pending = "delete" | "rotate" | null;

/** A shell-quoted curl line that fires the hook (single quotes survive any JSON). */
function curlCommand(url: string, schema: unknown): string {
  const example: Record<string, unknown> = {};
  if (schema && typeof schema === "object" && !("type" in schema || "properties" in schema || "$schema" in schema)) {
    const samples: Record<string, unknown> = { str: "text", int: 1, float: 1.5, bool: true, list: [], dict: {} };
    for (const [k, t] of Object.entries(schema as Record<string, string>)) {
      const base = String(t).replace("?", "");
      example[k] = base in samples ? samples[base] : null;
    }
  }
  const body = JSON.stringify(example).replace(/'/g, "'\\''");
  return `curl -X POST '${url}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'`;
}

export function TriggerDetail() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id as string;
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [counts, setCounts] = useState<EventCount | null>(null);
  const [missing, setMissing] = useState(false);
  const [errors, setErrors] = useState<(string | UserError)[]>([]);
  const [confirm, setConfirm] = useState<Pending>(null);
  const [fired, setFired] = useState<Event | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState("");
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([getTrigger(id), eventCounts()])
      .then(([t, c]) => {
        if (!live) return;
        if (!t) setMissing(true);
        setTrigger(t);
        setCounts(c.find((x) => x.triggerId === id) ?? null);
        if (t) document.title = `${t.name} · Event triggers`;
      })
      .catch((e) => live && setErrors([errorText(e)]));
    return () => {
      live = false;
    };
  }, [id, refresh]);

  const filters = useMemo(() => ({ status: "ACTIVE" as const, triggerId: id, includeTest: true }), [id]);

  const act = async (run: () => Promise<{ trigger?: Trigger | null; errors: UserError[] }>) => {
    setBusy(true);
    setErrors([]);
    try {
      const r = await run();
      if (r.errors.length) setErrors(r.errors);
      else if (r.trigger) setTrigger(r.trigger);
    } catch (e) {
      setErrors([errorText(e)]);
    } finally {
      setBusy(false);
    }
  };

  const fire = async (test: boolean) => {
    setBusy(true);
    setErrors([]);
    setFired(null);
    try {
      const r = await fireTrigger(id, test);
      if (r.errors.length) setErrors(r.errors);
      else {
        setFired(r.event);
        setRefresh((n) => n + 1);
      }
    } catch (e) {
      setErrors([errorText(e)]);
    } finally {
      setBusy(false);
    }
  };

  const doDelete = async () => {
    setConfirm(null);
    setBusy(true);
    try {
      const r = await deleteTrigger(id);
      if (r.errors.length) setErrors(r.errors);
      else route("/triggers");
    } catch (e) {
      setErrors([errorText(e)]);
    } finally {
      setBusy(false);
    }
  };

  const copyHook = async () => {
    if (!trigger?.hookUrl) return;
    try {
      await navigator.clipboard.writeText(trigger.hookUrl);
      setCopied("Hook URL copied.");
    } catch {
      setCopied("Could not copy: select the URL and copy it by hand.");
    }
  };

  if (missing)
    return (
      <section aria-labelledby="t-h">
        <h1 id="t-h">Trigger not found</h1>
        <p>
          It may have been deleted. <a href="/triggers">Back to the triggers</a>
        </p>
      </section>
    );
  if (!trigger)
    return (
      <section>
        <Alert errors={errors} />
        <p class="hint">Loading the trigger…</p>
      </section>
    );

  const t = trigger;
  const write = canWrite.value;
  return (
    <article aria-labelledby="t-h" class="trigger-detail">
      <div class="page-head">
        <h1 id="t-h">{t.name}</h1>
        {t.paused && <span class="badge warn">Paused</span>}
        <span class="badge">{t.kind === "API" ? "API" : "Scheduled"}</span>
      </div>
      {t.description && <p class="description">{t.description}</p>}
      {write && (
        <div class="actions" role="group" aria-label="Actions">
          {t.paused ? (
            <button type="button" disabled={busy} onClick={() => act(() => triggerAction("resumeTrigger", id))}>
              Resume
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => act(() => triggerAction("pauseTrigger", id))}>
              Pause
            </button>
          )}
          {t.kind === "SCHEDULED" && (
            <button type="button" disabled={busy} onClick={() => fire(false)}>
              Run now
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => fire(true)}>
            Test
          </button>
          {t.kind === "API" && (
            <button type="button" class="secondary" disabled={busy} onClick={() => setConfirm("rotate")}>
              Rotate hook URL
            </button>
          )}
          <a class="button secondary" href={`/triggers/${id}/edit`}>
            Edit
          </a>
          <button type="button" class="danger" disabled={busy} onClick={() => setConfirm("delete")}>
            Delete
          </button>
        </div>
      )}
      <Alert errors={errors} />
      <div role="status" class="fired">
        {fired && (
          <>
            Event fired{" "}
            <a href={`/events?trigger=${encodeURIComponent(id)}&test=include&event=${encodeURIComponent(fired.id)}`}>
              View event {fired.id}
            </a>
          </>
        )}
      </div>

      <div class="detail-grid">
        {t.kind === "API" ? (
          <section aria-labelledby="hook-h">
            <h2 id="hook-h">Webhook</h2>
            <div class="field">
              <label for="hook-url">Hook URL</label>
              <div class="inline">
                <input id="hook-url" type="text" readOnly value={t.hookUrl ?? ""} onFocus={(e) => e.currentTarget.select()} />
                <button type="button" class="secondary" onClick={copyHook}>
                  Copy hook URL
                </button>
              </div>
              <p aria-live="polite" class="hint">
                {copied}
              </p>
            </div>
            <h3>Try it with curl</h3>
            <pre class="code" aria-label="curl command" tabIndex={0}>
              <code>{curlCommand(t.hookUrl ?? "", t.apiSchema)}</code>
            </pre>
            <h3>Payload schema</h3>
            <pre class="json" tabIndex={0} aria-label="Payload schema JSON">
              {JSON.stringify(t.apiSchema, null, 2)}
            </pre>
          </section>
        ) : (
          <section aria-labelledby="sched-h">
            <h2 id="sched-h">Schedule</h2>
            <p class="schedule-description">{t.schedule?.description}</p>
            <dl>
              <dt>Time zone</dt>
              <dd>{t.schedule?.timezone}</dd>
              <dt>Next fire</dt>
              <dd>
                <Time iso={t.nextFireAt} zone={t.schedule?.timezone} />
              </dd>
              <dt>Missed firings</dt>
              <dd>{t.missedFirings}</dd>
              <dt>Misfire grace</dt>
              <dd>{t.misfireGraceSeconds ?? 60} s</dd>
            </dl>
            <h3 id="upcoming-h">Upcoming</h3>
            <ul aria-label="Upcoming" class="upcoming">
              {t.upcoming.map((u) => (
                <li key={u}>
                  <span class="local">{fmtInZone(u, t.schedule?.timezone)}</span> <span class="utc">{fmtUtc(u)}</span>
                </li>
              ))}
            </ul>
            {t.upcoming.length === 0 && <p class="hint">{t.paused ? "Paused: no upcoming firings." : "No upcoming firings."}</p>}
            <h3>Payload</h3>
            <pre class="json" tabIndex={0} aria-label="Payload JSON">
              {JSON.stringify(t.payload, null, 2) ?? "null"}
            </pre>
          </section>
        )}
        <section aria-labelledby="glance-h">
          <h2 id="glance-h">At a glance</h2>
          <p class="totals">
            <span>Active: {counts?.active ?? 0}</span> <span>Archived: {counts?.archived ?? 0}</span>
          </p>
          <RateChart triggerId={id} refreshKey={refresh} />
        </section>
      </div>

      <section aria-labelledby="recent-h">
        <h2 id="recent-h">Recent events</h2>
        <EventList filters={filters} live label="Events" />
      </section>

      {confirm === "delete" && (
        <ConfirmDialog title={`Delete ${t.name}?`} onConfirm={doDelete} onCancel={() => setConfirm(null)}>
          <p>The trigger stops firing. Its events stay in the log.</p>
        </ConfirmDialog>
      )}
      {confirm === "rotate" && (
        <ConfirmDialog
          title="Rotate the hook URL?"
          onConfirm={() => {
            setConfirm(null);
            void act(() => triggerAction("rotateHookToken", id));
          }}
          onCancel={() => setConfirm(null)}
        >
          <p>The current hook URL stops working at once. Callers need the new one.</p>
        </ConfirmDialog>
      )}
    </article>
  );
}
