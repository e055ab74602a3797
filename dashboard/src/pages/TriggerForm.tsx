import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import {
  createApiTrigger,
  createScheduledTrigger,
  getTrigger,
  previewSchedule,
  updateTrigger,
  type Trigger,
} from "../lib/api";
import { GraphQLRequestError } from "../lib/graphql";
import {
  buildInput,
  definitionOf,
  emptyDefinition,
  mergeErrors,
  placeErrors,
  scheduleInput,
  type Definition,
  type DefinitionInput,
  type FieldErrors,
} from "../lib/definition";
import { DefinitionFields, PayloadField } from "../components/DefinitionFields";
import { Alert, errorText } from "../components/Notice";
import { canWrite } from "../lib/session";

export function TriggerFormPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id as string | undefined;
  const editing = !!id;
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [def, setDef] = useState<Definition>(emptyDefinition);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const original = useRef<Definition | null>(null);
  const heading = editing ? "Edit trigger" : "New trigger";

  useEffect(() => {
    document.title = `${heading} · Event triggers`;
    if (!id) return;
    getTrigger(id)
      .then((t) => {
        if (!t) return setLoadError("No trigger with this id.");
        setTrigger(t);
        const d = definitionOf(t);
        original.current = d;
        setDef(d);
      })
      .catch((e) => setLoadError(errorText(e)));
  }, [id]);

  if (!canWrite.value) {
    return (
      <section aria-labelledby="form-h">
        <h1 id="form-h">{heading}</h1>
        <p>This key is read-only: it cannot create or change triggers.</p>
      </section>
    );
  }

  const onChange = (patch: Partial<Definition>) => {
    setDef((d) => ({ ...d, ...patch }));
    setErrors({});
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const { input, errors: local } = buildInput(def, editing ? "update" : "create");
    if (Object.keys(local).length) {
      // The input cannot be sent while part of it is unreadable, but the server can still judge
      // the schedule without saving anything: every problem shows at once, not one per attempt.
      setErrors(mergeErrors(local, await scheduleProblems(def)));
      focusFirstError();
      return;
    }
    if (editing && original.current) dropUnchangedSchedule(input, def, original.current);
    setBusy(true);
    try {
      const result = editing
        ? await updateTrigger(id!, input)
        : def.kind === "API"
          ? await createApiTrigger({ name: input.name, description: input.description, apiSchema: input.apiSchema })
          : // No schedule was caught above (buildInput); an empty one gets the server's own error.
            await createScheduledTrigger({ ...input, schedule: input.schedule ?? {} });
      if (result.errors.length) {
        setErrors(placeErrors(result.errors, def));
        focusFirstError();
      } else if (result.trigger) {
        route(`/triggers/${result.trigger.id}`);
      }
    } catch (err) {
      setErrors({ general: [errorText(err)] });
    } finally {
      setBusy(false);
    }
  };

  const scheduleUnchanged =
    trigger?.schedule &&
    original.current &&
    (["scheduleType", "cron", "everySeconds", "fireAt", "timezone", "startAt", "endAt"] as const).every(
      (k) => def[k] === original.current![k],
    );

  return (
    <section aria-labelledby="form-h">
      <h1 id="form-h">{heading}</h1>
      {loadError && <Alert errors={[loadError]} />}
      {(!editing || trigger) && (
        <form class="definition" onSubmit={submit} noValidate aria-labelledby="form-h">
          <DefinitionFields
            def={def}
            onChange={onChange}
            errors={errors}
            kindEditable={!editing}
            saved
            scheduleDescription={scheduleUnchanged ? trigger?.schedule?.description : null}
          />
          {def.kind === "SCHEDULED" && <PayloadField def={def} onChange={onChange} errors={errors} />}
          <Alert errors={errors.general ?? []} />
          <div class="actions">
            <button type="submit" disabled={busy}>
              {editing ? "Save changes" : "Create trigger"}
            </button>
            <a class="button secondary" href={editing ? `/triggers/${id}` : "/triggers"}>
              Cancel
            </a>
          </div>
        </form>
      )}
    </section>
  );
}

/** "Future firings only": an edit that leaves the schedule alone does not resend it. */
function dropUnchangedSchedule(input: DefinitionInput, def: Definition, original: Definition) {
  const keys = ["scheduleType", "cron", "everySeconds", "fireAt", "inSeconds", "timezone", "startAt", "endAt"] as const;
  if (keys.every((k) => def[k] === original[k])) delete input.schedule;
}

/** The server's objections to the schedule alone (previewSchedule saves nothing); none if it is fine. */
async function scheduleProblems(def: Definition): Promise<FieldErrors> {
  const schedule = def.kind === "SCHEDULED" ? scheduleInput(def) : null;
  if (!schedule) return {};
  try {
    await previewSchedule(schedule);
    return {};
  } catch (e) {
    return e instanceof GraphQLRequestError && e.fieldErrors.length ? placeErrors(e.fieldErrors, def) : {};
  }
}

function focusFirstError() {
  requestAnimationFrame(() => {
    const bad = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    (bad ?? document.querySelector<HTMLElement>(".alert:not(.empty)"))?.focus();
  });
}
