// The operations the dashboard sends: the public GraphQL API only (shared/API.md, incl. Additions).
// Each is a typed document (graphql(`...`)); its result and variable types are generated from
// schema.graphql into src/gql/ (codegen.ts), so nothing here spells an API type by hand.
import { graphql } from "../gql";
import type {
  CreateApiTriggerInput,
  CreateScheduledTriggerInput,
  EventFieldsFragment,
  EventResultFragment,
  EventSource,
  EventStatus,
  ScheduleInput,
  TriggerDefinitionInput,
  TriggerFieldsFragment,
  TriggerResultFragment,
  TriggerRowsQuery,
  UpdateTriggerInput,
} from "../gql/graphql";
import { gql } from "./graphql";

export type { EventSource, EventStatus, ScheduleInput, TriggerKind, UpdateTriggerInput } from "../gql/graphql";
export type Trigger = TriggerFieldsFragment;
export type Event = EventFieldsFragment;
export type Schedule = NonNullable<Trigger["schedule"]>;

/** What the events page filters by: the `events` query's arguments, held by the page. */
export interface EventFilters {
  status: EventStatus;
  triggerId?: string | null;
  source?: EventSource | null;
  includeTest?: boolean;
  since?: string | null;
  until?: string | null;
  payloadContains?: unknown;
}

graphql(`
  fragment TriggerFields on Trigger {
    id
    name
    description
    kind
    schedule {
      at
      cron
      everySeconds
      timezone
      startAt
      endAt
      description
    }
    payload
    apiSchema
    hookUrl
    paused
    misfireGraceSeconds
    missedFirings
    nextFireAt
    upcoming(count: 5)
    createdAt
    updatedAt
  }
`);

graphql(`
  fragment EventFields on Event {
    id
    triggerId
    triggerName
    kind
    source
    status
    isTest
    payload
    scheduledFor
    firedAt
  }
`);

graphql(`
  fragment UserErrorFields on UserError {
    code
    field
    message
  }
`);

/** What every trigger mutation answers. */
graphql(`
  fragment TriggerResult on TriggerPayload {
    trigger {
      ...TriggerFields
    }
    errors {
      ...UserErrorFields
    }
  }
`);

/** What every firing mutation answers. */
graphql(`
  fragment EventResult on EventPayload {
    event {
      ...EventFields
    }
    errors {
      ...UserErrorFields
    }
  }
`);

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

const TriggersQuery = graphql(`
  query Triggers($after: String) {
    triggers(first: 100, after: $after) {
      edges {
        cursor
        node {
          ...TriggerFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export async function listTriggers(after: string | null = null): Promise<Page<Trigger>> {
  const d = await gql(TriggersQuery, { after });
  return page(d.triggers);
}

const TriggerRowsQuery = graphql(`
  query TriggerRows($after: String, $since: DateTime) {
    triggers(first: 100, after: $after) {
      edges {
        cursor
        node {
          ...TriggerFields
          lastEvent {
            id
            firedAt
          }
          eventCount(since: $since)
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type TriggerRow = TriggerRowsQuery["triggers"]["edges"][number]["node"];

/** The triggers list: every trigger with its newest event and its event count since `since`,
 * one request per page of 100 (the server batches the per-trigger fields). */
export async function triggerRows(since: string): Promise<TriggerRow[]> {
  return allPages(async (after) => page((await gql(TriggerRowsQuery, { after, since })).triggers));
}

/** Every item of a paged list: pages until the end. */
async function allPages<T>(load: (after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const p: Page<T> = await load(after);
    out.push(...p.items.map((e) => e.node));
    if (!p.hasNextPage || !p.endCursor) return out;
    after = p.endCursor;
  }
}

/** Every trigger (names for the events filter): pages of 100 until the end. */
export async function allTriggers(): Promise<Trigger[]> {
  return allPages(listTriggers);
}

const TriggerQuery = graphql(`
  query Trigger($id: ID!) {
    trigger(id: $id) {
      ...TriggerFields
    }
  }
`);

export async function getTrigger(id: string): Promise<Trigger | null> {
  const d = await gql(TriggerQuery, { id });
  return d.trigger;
}

const CountsQuery = graphql(`
  query Counts {
    eventCounts {
      triggerId
      triggerName
      active
      archived
    }
  }
`);

export type EventCount = Awaited<ReturnType<typeof eventCounts>>[number];
export async function eventCounts() {
  const d = await gql(CountsQuery, {});
  return d.eventCounts;
}

const RateQuery = graphql(`
  query Rate($triggerId: ID, $since: DateTime) {
    eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) {
      start
      count
    }
  }
`);

export type RateBucket = Awaited<ReturnType<typeof eventRate>>[number];
export async function eventRate(triggerId: string, since: string) {
  const d = await gql(RateQuery, { triggerId, since });
  return d.eventRate;
}

const EventsQuery = graphql(`
  query Events(
    $status: EventStatus
    $triggerId: ID
    $source: EventSource
    $includeTest: Boolean
    $since: DateTime
    $until: DateTime
    $payloadContains: JSON
    $first: Int
    $after: String
  ) {
    events(
      status: $status
      triggerId: $triggerId
      source: $source
      includeTest: $includeTest
      since: $since
      until: $until
      payloadContains: $payloadContains
      first: $first
      after: $after
    ) {
      edges {
        cursor
        node {
          ...EventFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export async function listEvents(f: EventFilters, first: number, after: string | null): Promise<Page<Event>> {
  const d = await gql(EventsQuery, {
    status: f.status,
    triggerId: f.triggerId || null,
    source: f.source || null,
    includeTest: !!f.includeTest,
    since: f.since || null,
    until: f.until || null,
    payloadContains: f.payloadContains ?? null,
    first,
    after,
  });
  return page(d.events);
}

const PreviewQuery = graphql(`
  query Preview($schedule: ScheduleInput!) {
    previewSchedule(schedule: $schedule, count: 5)
    describeSchedule(schedule: $schedule)
  }
`);

/** The next five times of an unsaved schedule and its readable text (the form's live preview). */
export async function previewSchedule(schedule: ScheduleInput): Promise<{ times: string[]; description: string }> {
  const d = await gql(PreviewQuery, { schedule });
  return { times: d.previewSchedule, description: d.describeSchedule };
}

export type TriggerResult = TriggerResultFragment;
export type EventResult = EventResultFragment;

const CreateScheduledMutation = graphql(`
  mutation CreateScheduled($input: CreateScheduledTriggerInput!) {
    r: createScheduledTrigger(input: $input) {
      ...TriggerResult
    }
  }
`);
export async function createScheduledTrigger(input: CreateScheduledTriggerInput): Promise<TriggerResult> {
  return (await gql(CreateScheduledMutation, { input })).r;
}

const CreateApiMutation = graphql(`
  mutation CreateApi($input: CreateApiTriggerInput!) {
    r: createApiTrigger(input: $input) {
      ...TriggerResult
    }
  }
`);
export async function createApiTrigger(input: CreateApiTriggerInput): Promise<TriggerResult> {
  return (await gql(CreateApiMutation, { input })).r;
}

const UpdateMutation = graphql(`
  mutation Update($id: ID!, $input: UpdateTriggerInput!) {
    r: updateTrigger(id: $id, input: $input) {
      ...TriggerResult
    }
  }
`);
export async function updateTrigger(id: string, input: UpdateTriggerInput): Promise<TriggerResult> {
  return (await gql(UpdateMutation, { id, input })).r;
}

const PauseMutation = graphql(`
  mutation Pause($id: ID!) {
    r: pauseTrigger(id: $id) {
      ...TriggerResult
    }
  }
`);
const ResumeMutation = graphql(`
  mutation Resume($id: ID!) {
    r: resumeTrigger(id: $id) {
      ...TriggerResult
    }
  }
`);
const RotateMutation = graphql(`
  mutation RotateHookToken($id: ID!) {
    r: rotateHookToken(id: $id) {
      ...TriggerResult
    }
  }
`);
const ACTIONS = { pauseTrigger: PauseMutation, resumeTrigger: ResumeMutation, rotateHookToken: RotateMutation };

type TriggerAction = keyof typeof ACTIONS;
export async function triggerAction(action: TriggerAction, id: string): Promise<TriggerResult> {
  return (await gql(ACTIONS[action], { id })).r;
}

const DeleteMutation = graphql(`
  mutation Delete($id: ID!) {
    r: deleteTrigger(id: $id) {
      deletedId
      errors {
        ...UserErrorFields
      }
    }
  }
`);
export async function deleteTrigger(id: string) {
  return (await gql(DeleteMutation, { id })).r;
}

const FireMutation = graphql(`
  mutation Fire($id: ID!, $payload: JSON) {
    r: fireTrigger(id: $id, payload: $payload) {
      ...EventResult
    }
  }
`);
const TestMutation = graphql(`
  mutation Test($id: ID!, $payload: JSON) {
    r: testTrigger(id: $id, payload: $payload) {
      ...EventResult
    }
  }
`);
export async function fireTrigger(id: string, test: boolean, payload?: unknown): Promise<EventResult> {
  const d = await gql(
    test ? TestMutation : FireMutation,
    // No payload variable at all unless one is given: a scheduled trigger's run then carries
    // its own payload (an explicit null would replace it).
    payload === undefined ? { id } : { id, payload },
  );
  return d.r;
}

const TryMutation = graphql(`
  mutation Try($input: TriggerDefinitionInput!, $fireAt: DateTime) {
    r: testTriggerDefinition(input: $input, fireAt: $fireAt) {
      ...EventResult
    }
  }
`);
export async function testTriggerDefinition(input: TriggerDefinitionInput, fireAt: string | null): Promise<EventResult> {
  return (await gql(TryMutation, { input, fireAt })).r;
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

const EventQuery = graphql(`
  query Event($id: ID!) {
    event(id: $id) {
      ...EventFields
    }
  }
`);
export async function getEvent(id: string): Promise<Event | null> {
  return (await gql(EventQuery, { id })).event;
}
