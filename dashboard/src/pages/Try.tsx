import { useEffect, useState } from "preact/hooks";
import { testTriggerDefinition, type Event as ApiEvent } from "../lib/api";
import { buildInput, emptyDefinition, placeErrors, type Definition, type FieldErrors } from "../lib/definition";
import { DefinitionFields, FieldError, PayloadField, fieldProps } from "../components/DefinitionFields";
import { Alert, errorText } from "../components/Notice";
import { Time } from "../components/Time";
import { canWrite } from "../lib/session";
import { fmtLocal, fmtUtc, localInputToIso, viewerZone } from "../lib/time";

export function TryPage() {
  const [def, setDef] = useState<Definition>(emptyDefinition);
  const [fireAt, setFireAt] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [event, setEvent] = useState<ApiEvent | null>(null);
  const [scheduled, setScheduled] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = "Try a definition · Event triggers";
  }, []);

  const onChange = (patch: Partial<Definition>) => {
    setDef((d) => ({ ...d, ...patch }));
    setErrors({});
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const { input, errors: local } = buildInput(def, "test");
    const at = fireAt ? localInputToIso(fireAt) : null;
    if (fireAt && !at) local.tryFireAt = ["Not a valid time."];
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    setEvent(null);
    setScheduled(null);
    try {
      const r = await testTriggerDefinition({ ...input, kind: def.kind }, at);
      if (r.errors.length) {
        const placed = placeErrors(r.errors, def);
        // The fireAt argument of the mutation is this page's own "Fire at".
        if (placed.fireAt && !(def.kind === "SCHEDULED" && def.scheduleType === "at")) {
          placed.tryFireAt = placed.fireAt;
          delete placed.fireAt;
        }
        setErrors(placed);
      } else if (r.event) setEvent(r.event);
      else if (at) setScheduled(at);
    } catch (err) {
      setErrors({ general: [errorText(err)] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="try-h">
      <h1 id="try-h">Try a definition</h1>
      <p>Fire a definition once as a test event, now or at a chosen time. Nothing is saved as a trigger.</p>
      {!canWrite.value ? (
        <p>This key is read-only: it cannot fire test events.</p>
      ) : (
        <form class="definition" onSubmit={submit} noValidate aria-labelledby="try-h">
          <DefinitionFields def={def} onChange={onChange} errors={errors} kindEditable saved={false} />
          <PayloadField def={def} onChange={onChange} errors={errors} />
          <div class="field">
            <label for="f-tryFireAt">Fire at</label>
            <input
              type="datetime-local"
              step={1}
              {...fieldProps("tryFireAt", errors, "tryFireAt")}
              value={fireAt}
              onInput={(e) => {
                setFireAt(e.currentTarget.value);
                setErrors({});
              }}
            />
            <p class="hint" id="hint-tryFireAt">
              Optional; empty fires now. In your time zone ({viewerZone}).
            </p>
            <FieldError k="tryFireAt" errors={errors} />
          </div>
          <Alert errors={errors.general ?? []} />
          <div class="actions">
            <button type="submit" disabled={busy}>
              Fire test
            </button>
          </div>
        </form>
      )}
      <div role="status">
        {scheduled && (
          <p>
            Test scheduled for {fmtLocal(scheduled)} ({fmtUtc(scheduled)}).
          </p>
        )}
      </div>
      {event && (
        <section aria-label="Test event" class="test-event">
          <h2>Test event</h2>
          <dl>
            <dt>Id</dt>
            <dd>
              <code>{event.id}</code>
            </dd>
            <dt>Fired</dt>
            <dd>
              <Time iso={event.firedAt} />
            </dd>
            <dt>Source</dt>
            <dd>{event.source}</dd>
          </dl>
          <pre class="json" tabIndex={0} aria-label="Test event JSON">
            {JSON.stringify(event, null, 2)}
          </pre>
        </section>
      )}
    </section>
  );
}
