// The operations the dashboard sends: the public GraphQL API only (shared/API.md, incl. Additions).
import { gql, type UserError } from "./graphql";

export type TriggerKind = "SCHEDULED" | "API";
export type EventStatus = "ACTIVE" | "ARCHIVED";
export type EventSource = "SCHEDULE" | "API" | "MANUAL";

export interface Schedule {
  at: string | null;
  cron: string | null;
  everySeconds: number | null;
  timezone: string;
  startAt: string | null;
  endAt: string | null;
  description: string;
}

export interface Trigger {
  id: string;
  name: string;
  description: string | null;
  kind: TriggerKind;
  schedule: Schedule | null;
  payload: unknown;
  apiSchema: unknown;
  hookUrl: string | null;
  paused: boolean;
  misfireGraceSeconds: number | null;
  missedFirings: number;
  nextFireAt: string | null;
  upcoming: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Event {
  id: string;
  triggerId: string | null;
  triggerName: string;
  kind: TriggerKind;
  source: EventSource;
  status: EventStatus;
  isTest: boolean;
  payload: unknown;
  scheduledFor: string | null;
  firedAt: string;
}

export interface ScheduleInput {
  at?: string | null;
  inSeconds?: number | null;
  cron?: string | null;
  everySeconds?: number | null;
  timezone?: string;
  startAt?: string | null;
  endAt?: string | null;
}

export interface EventFilters {
  status: EventStatus;
  triggerId?: string | null;
  source?: EventSource | null;
  includeTest?: boolean;
  since?: string | null;
  until?: string | null;
  payloadContains?: unknown;
}

const SCHEDULE = `schedule { at cron everySeconds timezone startAt endAt description }`;
export const TRIGGER_FIELDS = `id name description kind ${SCHEDULE} payload apiSchema hookUrl paused
  misfireGraceSeconds missedFirings nextFireAt upcoming(count: 5) createdAt updatedAt`;
export const EVENT_FIELDS = `id triggerId triggerName kind source status isTest payload scheduledFor firedAt`;
const USER_ERRORS = `errors { code field message }`;

export interface Page<T> {
  items: { cursor: string; node: T }[];
  hasNextPage: boolean;
  endCursor: string | null;
}
interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const page = <T>(c: Connection<T>): Page<T> => ({
  items: c.edges,
  hasNextPage: c.pageInfo.hasNextPage,
  endCursor: c.pageInfo.endCursor,
});

export async function listTriggers(after: string | null = null): Promise<Page<Trigger>> {
  const d = await gql<{ triggers: Connection<Trigger> }>(
    `query Triggers($after: String) { triggers(first: 100, after: $after) {
       edges { cursor node { ${TRIGGER_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
    { after },
  );
  return page(d.triggers);
}

/** Every trigger (names for the events filter, the list page): pages of 100 until the end. */
export async function allTriggers(): Promise<Trigger[]> {
  const out: Trigger[] = [];
  let after: string | null = null;
  for (;;) {
    const p: Page<Trigger> = await listTriggers(after);
    out.push(...p.items.map((e) => e.node));
    if (!p.hasNextPage || !p.endCursor) return out;
    after = p.endCursor;
  }
}

export async function getTrigger(id: string): Promise<Trigger | null> {
  const d = await gql<{ trigger: Trigger | null }>(
    `query Trigger($id: ID!) { trigger(id: $id) { ${TRIGGER_FIELDS} } }`,
    { id },
  );
  return d.trigger;
}

export interface EventCount {
  triggerId: string;
  triggerName: string;
  active: number;
  archived: number;
}
export async function eventCounts(): Promise<EventCount[]> {
  const d = await gql<{ eventCounts: EventCount[] }>(
    `query Counts { eventCounts { triggerId triggerName active archived } }`,
  );
  return d.eventCounts;
}

/** The newest event of each trigger, in one request (aliases), for the list's "Last event". */
export async function lastEvents(ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 25) {
    const chunk = ids.slice(i, i + 25);
    if (!chunk.length) break;
    const vars: Record<string, string> = {};
    const params = chunk.map((_, j) => `$t${j}: ID!`).join(", ");
    const fields = chunk
      .map((id, j) => {
        vars[`t${j}`] = id;
        return `e${j}: events(triggerId: $t${j}, includeTest: true, first: 1) { edges { node { firedAt } } }`;
      })
      .join("\n");
    const d = await gql<Record<string, Connection<{ firedAt: string }>>>(
      `query LastEvents(${params}) { ${fields} }`,
      vars,
    );
    chunk.forEach((id, j) => {
      const first = d[`e${j}`]?.edges[0];
      if (first) out.set(id, first.node.firedAt);
    });
  }
  return out;
}

export interface RateBucket {
  start: string;
  count: number;
}
export async function eventRate(triggerId: string, since: string): Promise<RateBucket[]> {
  const d = await gql<{ eventRate: RateBucket[] }>(
    `query Rate($triggerId: ID, $since: DateTime) {
       eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) { start count } }`,
    { triggerId, since },
  );
  return d.eventRate;
}

export async function listEvents(f: EventFilters, first: number, after: string | null): Promise<Page<Event>> {
  const d = await gql<{ events: Connection<Event> }>(
    `query Events($status: EventStatus, $triggerId: ID, $source: EventSource, $includeTest: Boolean,
                  $since: DateTime, $until: DateTime, $payloadContains: JSON, $first: Int, $after: String) {
       events(status: $status, triggerId: $triggerId, source: $source, includeTest: $includeTest,
              since: $since, until: $until, payloadContains: $payloadContains, first: $first, after: $after) {
         edges { cursor node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
    {
      status: f.status,
      triggerId: f.triggerId || null,
      source: f.source || null,
      includeTest: !!f.includeTest,
      since: f.since || null,
      until: f.until || null,
      payloadContains: f.payloadContains ?? null,
      first,
      after,
    },
  );
  return page(d.events);
}

/** The next five times of an unsaved schedule and its readable text (the form's live preview). */
export async function previewSchedule(schedule: ScheduleInput): Promise<{ times: string[]; description: string }> {
  const d = await gql<{ previewSchedule: string[]; describeSchedule: string }>(
    `query Preview($schedule: ScheduleInput!) {
       previewSchedule(schedule: $schedule, count: 5) describeSchedule(schedule: $schedule) }`,
    { schedule },
  );
  return { times: d.previewSchedule, description: d.describeSchedule };
}

export interface TriggerResult {
  trigger: Trigger | null;
  errors: UserError[];
}
export interface EventResult {
  event: Event | null;
  errors: UserError[];
}

const TRIGGER_PAYLOAD = `trigger { ${TRIGGER_FIELDS} } ${USER_ERRORS}`;
const EVENT_PAYLOAD = `event { ${EVENT_FIELDS} } ${USER_ERRORS}`;

export async function createScheduledTrigger(input: Record<string, unknown>): Promise<TriggerResult> {
  const d = await gql<{ r: TriggerResult }>(
    `mutation Create($input: CreateScheduledTriggerInput!) { r: createScheduledTrigger(input: $input) { ${TRIGGER_PAYLOAD} } }`,
    { input },
  );
  return d.r;
}
export async function createApiTrigger(input: Record<string, unknown>): Promise<TriggerResult> {
  const d = await gql<{ r: TriggerResult }>(
    `mutation Create($input: CreateApiTriggerInput!) { r: createApiTrigger(input: $input) { ${TRIGGER_PAYLOAD} } }`,
    { input },
  );
  return d.r;
}
export async function updateTrigger(id: string, input: Record<string, unknown>): Promise<TriggerResult> {
  const d = await gql<{ r: TriggerResult }>(
    `mutation Update($id: ID!, $input: UpdateTriggerInput!) { r: updateTrigger(id: $id, input: $input) { ${TRIGGER_PAYLOAD} } }`,
    { id, input },
  );
  return d.r;
}

type TriggerAction = "pauseTrigger" | "resumeTrigger" | "rotateHookToken";
export async function triggerAction(action: TriggerAction, id: string): Promise<TriggerResult> {
  const d = await gql<{ r: TriggerResult }>(
    `mutation Act($id: ID!) { r: ${action}(id: $id) { ${TRIGGER_PAYLOAD} } }`,
    { id },
  );
  return d.r;
}

export async function deleteTrigger(id: string): Promise<{ deletedId: string | null; errors: UserError[] }> {
  const d = await gql<{ r: { deletedId: string | null; errors: UserError[] } }>(
    `mutation Delete($id: ID!) { r: deleteTrigger(id: $id) { deletedId ${USER_ERRORS} } }`,
    { id },
  );
  return d.r;
}

export async function fireTrigger(id: string, test: boolean, payload?: unknown): Promise<EventResult> {
  const op = test ? "testTrigger" : "fireTrigger";
  const d = await gql<{ r: EventResult }>(
    `mutation Fire($id: ID!, $payload: JSON) { r: ${op}(id: $id, payload: $payload) { ${EVENT_PAYLOAD} } }`,
    // No payload variable at all unless one is given: a scheduled trigger's run then carries
    // its own payload (an explicit null would replace it).
    payload === undefined ? { id } : { id, payload },
  );
  return d.r;
}

export async function testTriggerDefinition(
  input: Record<string, unknown>,
  fireAt: string | null,
): Promise<EventResult> {
  const d = await gql<{ r: EventResult }>(
    `mutation Try($input: TriggerDefinitionInput!, $fireAt: DateTime) {
       r: testTriggerDefinition(input: $input, fireAt: $fireAt) { ${EVENT_PAYLOAD} } }`,
    { input, fireAt },
  );
  return d.r;
}

export function exportUrl(f: EventFilters): string {
  const q = new URLSearchParams();
  q.set("status", f.status);
  if (f.triggerId) q.set("triggerId", f.triggerId);
  if (f.source) q.set("source", f.source);
  q.set("includeTest", f.includeTest ? "true" : "false");
  if (f.since) q.set("since", f.since);
  if (f.until) q.set("until", f.until);
  if (f.payloadContains !== undefined && f.payloadContains !== null)
    q.set("payloadContains", JSON.stringify(f.payloadContains));
  return `/events/export.ndjson?${q.toString()}`;
}

export async function getEvent(id: string): Promise<Event | null> {
  const d = await gql<{ event: Event | null }>(`query Event($id: ID!) { event(id: $id) { ${EVENT_FIELDS} } }`, { id });
  return d.event;
}
