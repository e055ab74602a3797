// One event at its own address (/events/<id>): a link to an event can be shared, bookmarked and
// opened fresh. An id that names no event gets this app's "not found", not the server's.
import { useEffect, useRef, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { getEvent, type Event } from "../lib/api";
import { EventDetails } from "../components/EventInspector";
import { Alert, errorText } from "../components/Notice";

type Loaded = { state: "loading" } | { state: "found"; event: Event } | { state: "missing" } | { state: "failed"; error: string };

export function EventPage() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    setLoaded({ state: "loading" });
    getEvent(id)
      .then((event) => current && setLoaded(event ? { state: "found", event } : { state: "missing" }))
      .catch((e) => current && setLoaded({ state: "failed", error: errorText(e) }));
    return () => {
      current = false;
    };
  }, [id]);

  const title = loaded.state === "found" ? `Event ${loaded.event.id}` : loaded.state === "missing" ? "Event not found" : "Event";
  useEffect(() => {
    document.title = `${title} · Event triggers`;
    if (loaded.state !== "loading") heading.current?.focus();
  }, [title, loaded.state]);

  return (
    <section class="event-page" aria-labelledby="event-h">
      <p>
        <a href="/events">All events</a>
      </p>
      <h1 id="event-h" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {loaded.state === "loading" && <p role="status">Loading…</p>}
      {loaded.state === "found" && <EventDetails event={loaded.event} headingLevel={2} />}
      {loaded.state === "missing" && (
        <p>
          There is no event with the id <code>{id}</code>: it may have passed the retention window, or the link is
          mistyped.
        </p>
      )}
      <Alert errors={loaded.state === "failed" ? [loaded.error] : []} />
    </section>
  );
}
