// The state of a trigger definition being edited, and its translation to the API's inputs.
import type { ScheduleInput, Trigger, TriggerKind, UpdateTriggerInput } from "./api";
import type { UserError } from "./graphql";
import { isoToLocalInput, localInputToIso } from "./time";

export type ScheduleType = "cron" | "every" | "at" | "in";
export type SchemaForm = "short" | "json";

export interface Definition {
  name: string;
  description: string;
  kind: TriggerKind;
  scheduleType: ScheduleType;
  cron: string;
  everySeconds: string;
  fireAt: string; // datetime-local, viewer's zone
  inSeconds: string;
  timezone: string;
  startAt: string;
  endAt: string;
  payload: string;
  misfireGrace: string;
  schemaForm: SchemaForm;
  apiSchema: string;
}

export const emptyDefinition = (): Definition => ({
  name: "",
  description: "",
  kind: "SCHEDULED",
  scheduleType: "cron",
  cron: "",
  everySeconds: "",
  fireAt: "",
  inSeconds: "",
  timezone: "UTC",
  startAt: "",
  endAt: "",
  payload: "",
  misfireGrace: "",
  schemaForm: "short",
  apiSchema: "",
});

const pretty = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v, null, 2));

function isJsonSchema(v: unknown): boolean {
  return typeof v === "object" && v !== null && ("type" in v || "properties" in v || "$schema" in v);
}

export function definitionOf(t: Trigger): Definition {
  const s = t.schedule;
  const scheduleType: ScheduleType = s?.cron ? "cron" : s?.everySeconds ? "every" : s?.at ? "at" : "cron";
  return {
    ...emptyDefinition(),
    name: t.name,
    description: t.description ?? "",
    kind: t.kind,
    scheduleType,
    cron: s?.cron ?? "",
    everySeconds: s?.everySeconds ? String(s.everySeconds) : "",
    fireAt: isoToLocalInput(s?.at),
    timezone: s?.timezone ?? "UTC",
    startAt: isoToLocalInput(s?.startAt),
    endAt: isoToLocalInput(s?.endAt),
    payload: pretty(t.payload),
    misfireGrace: t.misfireGraceSeconds === null ? "" : String(t.misfireGraceSeconds),
    schemaForm: isJsonSchema(t.apiSchema) ? "json" : "short",
    apiSchema: pretty(t.apiSchema),
  };
}

/** Field errors keyed by the form's field keys; `general` holds those with no field here. */
export type FieldErrors = Record<string, string[]>;

const SCHEDULE_FIELDS: Record<string, string> = {
  cron: "cron",
  everySeconds: "everySeconds",
  at: "fireAt",
  inSeconds: "inSeconds",
  timezone: "timezone",
  startAt: "startAt",
  endAt: "endAt",
};
const TOP_FIELDS = ["name", "description", "payload", "apiSchema", "misfireGraceSeconds", "fireAt"];
const VALUE_FIELD: Record<ScheduleType, string> = { cron: "cron", every: "everySeconds", at: "fireAt", in: "inSeconds" };

/** Both sets of field errors, each field's messages once. */
export function mergeErrors(a: FieldErrors, b: FieldErrors): FieldErrors {
  const out: FieldErrors = { ...a };
  for (const [k, messages] of Object.entries(b)) out[k] = [...new Set([...(out[k] ?? []), ...messages])];
  return out;
}

/** Place each UserError at the input its `field` path names (the leading "input" is dropped). */
export function placeErrors(errors: UserError[], def: Definition): FieldErrors {
  const out: FieldErrors = {};
  const add = (k: string, m: string) => (out[k] ??= []).push(m);
  for (const e of errors) {
    const path = e.field?.[0] === "input" ? e.field.slice(1) : (e.field ?? []);
    const [head, next] = path;
    if (head === "schedule") {
      add((next && SCHEDULE_FIELDS[next]) || VALUE_FIELD[def.scheduleType], e.message);
    } else if (head === "misfireGraceSeconds") {
      add("misfireGrace", e.message);
    } else if (head && TOP_FIELDS.includes(head)) {
      add(head, e.message);
    } else {
      add("general", e.message);
    }
  }
  return out;
}

function intOrNull(v: string): number | null {
  if (v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : NaN;
}

/** The ScheduleInput of the definition, or null when its value is still empty. */
export function scheduleInput(def: Definition): ScheduleInput | null {
  const s: ScheduleInput = { timezone: def.timezone.trim() || "UTC" };
  switch (def.scheduleType) {
    case "cron":
      if (!def.cron.trim()) return null;
      s.cron = def.cron.trim();
      break;
    case "every":
      if (!def.everySeconds.trim()) return null;
      s.everySeconds = intOrNull(def.everySeconds);
      break;
    case "at":
      if (!def.fireAt) return null;
      s.at = localInputToIso(def.fireAt);
      break;
    case "in":
      if (!def.inSeconds.trim()) return null;
      s.inSeconds = intOrNull(def.inSeconds);
      break;
  }
  if (def.startAt) s.startAt = localInputToIso(def.startAt);
  if (def.endAt) s.endAt = localInputToIso(def.endAt);
  return s;
}

/** Parse a JSON textarea; empty -> undefined. Throws with a readable message. */
export function parseJson(text: string, what: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Every field a create, update or test input can carry; buildInput sets those its mode sends. */
export type DefinitionInput = Omit<UpdateTriggerInput, "name"> & { name: string; kind?: TriggerKind };

export interface Built {
  input: DefinitionInput;
  errors: FieldErrors;
}

/** The definition as a create/update/test input. Local problems (bad JSON) come back as errors. */
export function buildInput(def: Definition, mode: "create" | "update" | "test"): Built {
  const errors: FieldErrors = {};
  const input: DefinitionInput = { name: def.name };
  // Required like the schedule below: said here so it shows with the other problems at once.
  if (!def.name.trim() && mode === "create") errors.name = ["Fill in the name."];
  if (mode !== "test") input.description = def.description || null;
  if (mode === "test") input.kind = def.kind;
  if (def.kind === "SCHEDULED") {
    const s = scheduleInput(def);
    if (s) input.schedule = s;
    else if (mode !== "update") errors[VALUE_FIELD[def.scheduleType]] = ["Fill in the schedule."];
    try {
      const p = parseJson(def.payload, "Payload");
      if (p !== undefined) input.payload = p;
    } catch (e) {
      errors.payload = [(e as Error).message];
    }
    if (mode !== "test" && def.misfireGrace.trim()) input.misfireGraceSeconds = intOrNull(def.misfireGrace);
  } else {
    try {
      const schema = parseJson(def.apiSchema, "Payload schema");
      if (schema !== undefined) input.apiSchema = schema;
      else if (mode !== "update") errors.apiSchema = ["Give a payload schema, e.g. {\"amount\": \"float\"}."];
    } catch (e) {
      errors.apiSchema = [(e as Error).message];
    }
    if (mode === "test") {
      // Trying an API definition: the payload is the one to validate against the schema.
      try {
        const p = parseJson(def.payload, "Payload");
        if (p !== undefined) input.payload = p;
      } catch (e) {
        errors.payload = [(e as Error).message];
      }
    }
  }
  return { input, errors };
}
