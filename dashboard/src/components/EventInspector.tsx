import { useEffect, useRef, useState } from "preact/hooks";
import type { Event } from "../lib/api";
import { Time } from "./Time";

function lateness(e: Event): string | null {
  if (!e.scheduledFor) return null;
  const ms = Date.parse(e.firedAt) - Date.parse(e.scheduledFor);
  const abs = Math.abs(ms);
  const text = abs < 1000 ? `${abs} ms` : `${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  return ms >= 0 ? `${text} after the scheduled time` : `${text} before the scheduled time`;
}

/** An event's fields and payload, with copy buttons: the inspector's body and the event's own page. */
export function EventDetails({ event, headingLevel }: { event: Event; headingLevel: 2 | 3 }) {
  const [copied, setCopied] = useState<string>("");
  const json = JSON.stringify(event.payload, null, 2) ?? "null";
  const PayloadHeading = headingLevel === 2 ? "h2" : "h3";

  useEffect(() => setCopied(""), [event.id]);

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied(`Could not copy the ${what.toLowerCase()}: select it and copy by hand.`);
    }
  };

  return (
    <>
      <dl>
        <dt>Id</dt>
        <dd>
          <code>{event.id}</code>{" "}
          <button type="button" class="link" onClick={() => copy(event.id, "Id")}>
            Copy id
          </button>{" "}
          <a href={`/events/${encodeURIComponent(event.id)}`}>Link to this event</a>
        </dd>
        <dt>Trigger</dt>
        <dd>{event.triggerId ? <a href={`/triggers/${event.triggerId}`}>{event.triggerName}</a> : event.triggerName}</dd>
        <dt>Source</dt>
        <dd>
          {event.source}
          {event.isTest && <span class="badge">test</span>}
        </dd>
        <dt>Status</dt>
        <dd>{event.status}</dd>
        <dt>Fired</dt>
        <dd>
          <Time iso={event.firedAt} />
        </dd>
        <dt>Scheduled for</dt>
        <dd>
          <Time iso={event.scheduledFor} />
          {lateness(event) && <span class="hint">Fired {lateness(event)}.</span>}
        </dd>
      </dl>
      <div class="payload-head">
        <PayloadHeading>Payload</PayloadHeading>
        <button type="button" onClick={() => copy(json, "Payload")}>
          Copy payload
        </button>
      </div>
      <pre class="json" tabIndex={0} aria-label="Payload JSON">
        {json}
      </pre>
      <p aria-live="polite" class="hint">
        {copied}
      </p>
    </>
  );
}

export function EventInspector({ event, onClose }: { event: Event; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [event.id]);

  return (
    <aside class="inspector" aria-label="Event details" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <div class="inspector-head">
        <h2 tabIndex={-1} ref={heading}>
          Event details
        </h2>
        <button type="button" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <EventDetails event={event} headingLevel={3} />
    </aside>
  );
}
