import { useEffect, useMemo, useState } from "preact/hooks";
import type { JSX } from "preact";
import { previewSchedule } from "../lib/api";
import { GraphQLRequestError } from "../lib/graphql";
import { placeErrors, scheduleInput, type Definition, type FieldErrors, type ScheduleType } from "../lib/definition";
import { fmtInZone, fmtUtc, viewerZone } from "../lib/time";

interface Props {
  def: Definition;
  onChange: (patch: Partial<Definition>) => void;
  errors: FieldErrors;
  /** Kind can be chosen (new trigger, try); an existing trigger keeps its kind. */
  kindEditable: boolean;
  /** Fields that only saved triggers have (description, misfire grace). */
  saved: boolean;
  /** The saved schedule's readable text, shown while the schedule is unchanged. */
  scheduleDescription?: string | null;
}

const SCHEDULE_TYPES: { value: ScheduleType; label: string }[] = [
  { value: "cron", label: "Cron" },
  { value: "every", label: "Every N seconds" },
  { value: "at", label: "Once at a time" },
  { value: "in", label: "Once in N seconds" },
];

let zones: string[] | null = null;
function timeZones(): string[] {
  if (!zones) {
    const intl = Intl as typeof Intl & { supportedValuesOf?: (k: string) => string[] };
    zones = intl.supportedValuesOf ? ["UTC", ...intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")] : ["UTC"];
  }
  return zones;
}

/** Props that tie an input to its error text (aria-invalid + aria-describedby). */
export function fieldProps(key: string, errors: FieldErrors, hint?: string) {
  const bad = (errors[key]?.length ?? 0) > 0;
  const described = [bad ? `err-${key}` : null, hint ? `hint-${key}` : null].filter(Boolean).join(" ");
  return {
    id: `f-${key}`,
    name: key,
    "aria-invalid": bad ? ("true" as const) : undefined,
    "aria-describedby": described || undefined,
  };
}

export function FieldError({ k, errors }: { k: string; errors: FieldErrors }) {
  const msgs = errors[k];
  if (!msgs?.length) return null;
  return (
    <p id={`err-${k}`} class="field-error">
      {msgs.join(" ")}
    </p>
  );
}

type InputEvent = JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, Event>;

export function DefinitionFields({ def, onChange, errors, kindEditable, saved, scheduleDescription }: Props) {
  const [preview, setPreview] = useState<string[] | null>(null);
  const [previewErrors, setPreviewErrors] = useState<FieldErrors>({});
  const [previewNote, setPreviewNote] = useState<string>("");
  const [described, setDescribed] = useState<string | null>(null);
  const shown: FieldErrors = { ...previewErrors, ...errors };
  const set = (k: keyof Definition) => (e: InputEvent) => onChange({ [k]: e.currentTarget.value });

  const schedule = useMemo(
    () => (def.kind === "SCHEDULED" ? scheduleInput(def) : null),
    [def.kind, def.scheduleType, def.cron, def.everySeconds, def.fireAt, def.inSeconds, def.timezone, def.startAt, def.endAt],
  );
  const scheduleKey = JSON.stringify(schedule);

  // The preview follows the typing, debounced, and ignores answers that arrive out of order.
  useEffect(() => {
    if (!schedule) {
      setPreview(null);
      setDescribed(null);
      setPreviewErrors({});
      setPreviewNote(def.kind === "SCHEDULED" ? "Fill in the schedule to see its next fire times." : "");
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const { times, description } = await previewSchedule(schedule);
        if (!current) return;
        setPreview(times);
        setDescribed(description);
        setPreviewErrors({});
        setPreviewNote(times.length ? "" : "This schedule does not fire again.");
      } catch (e) {
        if (!current) return;
        setPreview(null);
        setDescribed(null);
        if (e instanceof GraphQLRequestError && e.fieldErrors.length) {
          setPreviewErrors(placeErrors(e.fieldErrors, def));
          setPreviewNote("The schedule is not valid yet.");
        } else {
          setPreviewErrors({});
          setPreviewNote(e instanceof Error ? e.message : String(e));
        }
      }
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [scheduleKey]);

  const fp = (k: string, hint?: string) => fieldProps(k, shown, hint);

  return (
    <>
      <div class="field">
        <label for="f-name">Name</label>
        <input type="text" {...fp("name")} value={def.name} onInput={set("name")} required autoComplete="off" />
        <FieldError k="name" errors={shown} />
      </div>
      {saved && (
        <div class="field">
          <label for="f-description">Description</label>
          <input type="text" {...fp("description")} value={def.description} onInput={set("description")} />
          <FieldError k="description" errors={shown} />
        </div>
      )}
      {kindEditable && (
        <fieldset class="radios" role="radiogroup" aria-labelledby="legend-kind">
          <legend id="legend-kind">Kind</legend>
          <label>
            <input
              type="radio"
              name="kind"
              value="SCHEDULED"
              checked={def.kind === "SCHEDULED"}
              onChange={() => onChange({ kind: "SCHEDULED" })}
            />
            Scheduled
          </label>
          <label>
            <input type="radio" name="kind" value="API" checked={def.kind === "API"} onChange={() => onChange({ kind: "API" })} />
            API
          </label>
        </fieldset>
      )}
      {def.kind === "SCHEDULED" ? (
        <div class="schedule-grid">
          <div class="schedule-fields">
            <div class="field">
              <label for="f-scheduleType">Schedule type</label>
              <select
                id="f-scheduleType"
                name="scheduleType"
                value={def.scheduleType}
                onChange={(e) => onChange({ scheduleType: e.currentTarget.value as ScheduleType })}
              >
                {SCHEDULE_TYPES.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </select>
            </div>
            {def.scheduleType === "cron" && (
              <div class="field">
                <label for="f-cron">Cron expression</label>
                <input
                  type="text"
                  {...fp("cron", "cron")}
                  value={def.cron}
                  onInput={set("cron")}
                  placeholder="30 2 * * *"
                  spellcheck={false}
                  autoComplete="off"
                />
                <p class="hint" id="hint-cron">
                  5 fields (minute hour day month weekday) or 6 with leading seconds.
                </p>
                <FieldError k="cron" errors={shown} />
              </div>
            )}
            {def.scheduleType === "every" && (
              <div class="field">
                <label for="f-everySeconds">Every (seconds)</label>
                <input type="number" min={1} step={1} {...fp("everySeconds")} value={def.everySeconds} onInput={set("everySeconds")} />
                <FieldError k="everySeconds" errors={shown} />
              </div>
            )}
            {def.scheduleType === "at" && (
              <div class="field">
                <label for="f-fireAt">Fire at</label>
                <input type="datetime-local" step={1} {...fp("fireAt", "fireAt")} value={def.fireAt} onInput={set("fireAt")} />
                <p class="hint" id="hint-fireAt">
                  In your time zone ({viewerZone}).
                </p>
                <FieldError k="fireAt" errors={shown} />
              </div>
            )}
            {def.scheduleType === "in" && (
              <div class="field">
                <label for="f-inSeconds">In (seconds)</label>
                <input type="number" min={1} step={1} {...fp("inSeconds")} value={def.inSeconds} onInput={set("inSeconds")} />
                <FieldError k="inSeconds" errors={shown} />
              </div>
            )}
            <div class="field">
              <label for="f-timezone">Time zone</label>
              <input type="text" list="tz-list" {...fp("timezone")} value={def.timezone} onInput={set("timezone")} autoComplete="off" />
              <datalist id="tz-list">
                {timeZones().map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
              <FieldError k="timezone" errors={shown} />
            </div>
            <div class="field-row">
              <div class="field">
                <label for="f-startAt">Start at</label>
                <input type="datetime-local" step={1} {...fp("startAt")} value={def.startAt} onInput={set("startAt")} />
                <FieldError k="startAt" errors={shown} />
              </div>
              <div class="field">
                <label for="f-endAt">End at</label>
                <input type="datetime-local" step={1} {...fp("endAt")} value={def.endAt} onInput={set("endAt")} />
                <FieldError k="endAt" errors={shown} />
              </div>
            </div>
            {saved && (
              <div class="field">
                <label for="f-misfireGrace">Misfire grace (seconds)</label>
                <input type="number" min={0} step={1} {...fp("misfireGrace")} value={def.misfireGrace} onInput={set("misfireGrace")} placeholder="60" />
                <FieldError k="misfireGrace" errors={shown} />
              </div>
            )}
          </div>
          <section class="preview" aria-labelledby="preview-h">
            <h2 id="preview-h">Next five fire times</h2>
            {(described ?? scheduleDescription) && <p class="description">{described ?? scheduleDescription}</p>}
            <ul aria-label="Next five fire times" aria-live="polite">
              {(preview ?? []).map((t) => (
                <li key={t}>
                  <span class="local">{fmtInZone(t, def.timezone.trim())}</span> <span class="utc">{fmtUtc(t)}</span>
                </li>
              ))}
            </ul>
            {previewNote && <p class="hint">{previewNote}</p>}
          </section>
        </div>
      ) : (
        <>
          <fieldset class="radios" role="radiogroup" aria-labelledby="legend-schema">
            <legend id="legend-schema">Schema form</legend>
            <label>
              <input
                type="radio"
                name="schemaForm"
                value="short"
                checked={def.schemaForm === "short"}
                onChange={() => onChange({ schemaForm: "short" })}
              />
              Short form
            </label>
            <label>
              <input
                type="radio"
                name="schemaForm"
                value="json"
                checked={def.schemaForm === "json"}
                onChange={() => onChange({ schemaForm: "json" })}
              />
              JSON Schema
            </label>
          </fieldset>
          <div class="field">
            <label for="f-apiSchema">Payload schema</label>
            <textarea
              rows={6}
              spellcheck={false}
              {...fp("apiSchema", "apiSchema")}
              value={def.apiSchema}
              onInput={set("apiSchema")}
              placeholder={
                def.schemaForm === "short"
                  ? '{"amount": "float", "currency": "str", "note": "str?"}'
                  : '{"type": "object", "properties": {"amount": {"type": "number"}}, "required": ["amount"]}'
              }
            />
            <p class="hint" id="hint-apiSchema">
              {def.schemaForm === "short"
                ? "Field names to types: str int float bool list dict; add ? for optional."
                : "A JSON Schema object (with type, properties or $schema)."}
            </p>
            <FieldError k="apiSchema" errors={shown} />
          </div>
        </>
      )}
    </>
  );
}

/** The payload textarea: a scheduled trigger's payload, or the test payload of a try. */
export function PayloadField({ def, onChange, errors }: Pick<Props, "def" | "onChange" | "errors">) {
  return (
    <div class="field">
      <label for="f-payload">Payload (JSON)</label>
      <textarea
        rows={5}
        spellcheck={false}
        {...fieldProps("payload", errors)}
        value={def.payload}
        onInput={(e) => onChange({ payload: e.currentTarget.value })}
        placeholder='{"report": "daily"}'
      />
      <FieldError k="payload" errors={errors} />
    </div>
  );
}
