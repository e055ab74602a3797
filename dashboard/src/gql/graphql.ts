/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CreateApiTriggerInput = {
  apiSchema: unknown;
  description?: string | null | undefined;
  name: string;
};

export type CreateScheduledTriggerInput = {
  description?: string | null | undefined;
  misfireGraceSeconds?: number | null | undefined;
  name: string;
  payload?: unknown;
  schedule: ScheduleInput;
};

export type ErrorCode =
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'INVALID'
  | 'NOT_FOUND'
  | 'SCHEMA_MISMATCH';

export type EventSource =
  | 'API'
  | 'MANUAL'
  | 'SCHEDULE';

export type EventStatus =
  | 'ACTIVE'
  | 'ARCHIVED';

/** Exactly one of at, inSeconds, cron, everySeconds. */
export type ScheduleInput = {
  at?: string | null | undefined;
  cron?: string | null | undefined;
  endAt?: string | null | undefined;
  everySeconds?: number | null | undefined;
  inSeconds?: number | null | undefined;
  startAt?: string | null | undefined;
  timezone?: string;
};

export type TriggerDefinitionInput = {
  apiSchema?: unknown;
  kind: TriggerKind;
  name: string;
  payload?: unknown;
  schedule?: ScheduleInput | null | undefined;
};

export type TriggerKind =
  | 'API'
  | 'SCHEDULED';

/** Fields left out stay as they are; changes affect future firings only. */
export type UpdateTriggerInput = {
  apiSchema?: unknown;
  description?: string | null | undefined;
  misfireGraceSeconds?: number | null | undefined;
  name?: string | null | undefined;
  payload?: unknown;
  schedule?: ScheduleInput | null | undefined;
};

export type TriggerFieldsFragment = { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null };

export type EventFieldsFragment = { id: string, triggerId: string | null, triggerName: string, kind: TriggerKind, source: EventSource, status: EventStatus, isTest: boolean, payload: unknown, scheduledFor: string | null, firedAt: string };

export type UserErrorFieldsFragment = { code: ErrorCode, field: Array<string> | null, message: string };

export type TriggerResultFragment = { trigger: { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> };

export type EventResultFragment = { event: { id: string, triggerId: string | null, triggerName: string, kind: TriggerKind, source: EventSource, status: EventStatus, isTest: boolean, payload: unknown, scheduledFor: string | null, firedAt: string } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> };

export type TriggersQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type TriggersQuery = { triggers: { edges: Array<{ cursor: string, node: { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TriggerRowsQueryVariables = Exact<{
  after?: string | null | undefined;
  since?: string | null | undefined;
}>;


export type TriggerRowsQuery = { triggers: { edges: Array<{ cursor: string, node: { eventCount: number, id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, lastEvent: { id: string, firedAt: string } | null, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TriggerQueryVariables = Exact<{
  id: string | number;
}>;


export type TriggerQuery = { trigger: { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } | null };

export type CountsQueryVariables = Exact<{ [key: string]: never; }>;


export type CountsQuery = { eventCounts: Array<{ triggerId: string, triggerName: string, active: number, archived: number }> };

export type RateQueryVariables = Exact<{
  triggerId?: string | number | null | undefined;
  since?: string | null | undefined;
}>;


export type RateQuery = { eventRate: Array<{ start: string, count: number }> };

export type EventsQueryVariables = Exact<{
  status?: EventStatus | null | undefined;
  triggerId?: string | number | null | undefined;
  source?: EventSource | null | undefined;
  includeTest?: boolean | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
  payloadContains?: unknown;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type EventsQuery = { events: { edges: Array<{ cursor: string, node: { id: string, triggerId: string | null, triggerName: string, kind: TriggerKind, source: EventSource, status: EventStatus, isTest: boolean, payload: unknown, scheduledFor: string | null, firedAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PreviewQueryVariables = Exact<{
  schedule: ScheduleInput;
}>;


export type PreviewQuery = { previewSchedule: Array<string>, describeSchedule: string };

export type CreateScheduledMutationVariables = Exact<{
  input: CreateScheduledTriggerInput;
}>;


export type CreateScheduledMutation = { r: { trigger: { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type CreateApiMutationVariables = Exact<{
  input: CreateApiTriggerInput;
}>;


export type CreateApiMutation = { r: { trigger: { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type UpdateMutationVariables = Exact<{
  id: string | number;
  input: UpdateTriggerInput;
}>;


export type UpdateMutation = { r: { trigger: { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type PauseMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseMutation = { r: { trigger: { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type ResumeMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeMutation = { r: { trigger: { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type RotateHookTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateHookTokenMutation = { r: { trigger: { id: string, name: string, description: string | null, kind: TriggerKind, payload: unknown, apiSchema: unknown, hookUrl: string | null, paused: boolean, misfireGraceSeconds: number | null, missedFirings: number, nextFireAt: string | null, upcoming: Array<string>, createdAt: string, updatedAt: string, schedule: { at: string | null, cron: string | null, everySeconds: number | null, timezone: string, startAt: string | null, endAt: string | null, description: string } | null } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type DeleteMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteMutation = { r: { deletedId: string | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type FireMutationVariables = Exact<{
  id: string | number;
  payload?: unknown;
}>;


export type FireMutation = { r: { event: { id: string, triggerId: string | null, triggerName: string, kind: TriggerKind, source: EventSource, status: EventStatus, isTest: boolean, payload: unknown, scheduledFor: string | null, firedAt: string } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type TestMutationVariables = Exact<{
  id: string | number;
  payload?: unknown;
}>;


export type TestMutation = { r: { event: { id: string, triggerId: string | null, triggerName: string, kind: TriggerKind, source: EventSource, status: EventStatus, isTest: boolean, payload: unknown, scheduledFor: string | null, firedAt: string } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type TryMutationVariables = Exact<{
  input: TriggerDefinitionInput;
  fireAt?: string | null | undefined;
}>;


export type TryMutation = { r: { event: { id: string, triggerId: string | null, triggerName: string, kind: TriggerKind, source: EventSource, status: EventStatus, isTest: boolean, payload: unknown, scheduledFor: string | null, firedAt: string } | null, errors: Array<{ code: ErrorCode, field: Array<string> | null, message: string }> } };

export type EventQueryVariables = Exact<{
  id: string | number;
}>;


export type EventQuery = { event: { id: string, triggerId: string | null, triggerName: string, kind: TriggerKind, source: EventSource, status: EventStatus, isTest: boolean, payload: unknown, scheduledFor: string | null, firedAt: string } | null };

export type LiveSubscriptionVariables = Exact<{
  triggerId?: string | number | null | undefined;
  includeTest: boolean;
  source?: EventSource | null | undefined;
  payloadContains?: unknown;
  after?: string | number | null | undefined;
}>;


export type LiveSubscription = { eventFired: { id: string, triggerId: string | null, triggerName: string, kind: TriggerKind, source: EventSource, status: EventStatus, isTest: boolean, payload: unknown, scheduledFor: string | null, firedAt: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const TriggerFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"TriggerFields"}) as unknown as TypedDocumentString<TriggerFieldsFragment, unknown>;
export const UserErrorFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserErrorFields on UserError {
  code
  field
  message
}
    `, {"fragmentName":"UserErrorFields"}) as unknown as TypedDocumentString<UserErrorFieldsFragment, unknown>;
export const TriggerResultFragmentDoc = new TypedDocumentString(`
    fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}`, {"fragmentName":"TriggerResult"}) as unknown as TypedDocumentString<TriggerResultFragment, unknown>;
export const EventFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"EventFields"}) as unknown as TypedDocumentString<EventFieldsFragment, unknown>;
export const EventResultFragmentDoc = new TypedDocumentString(`
    fragment EventResult on EventPayload {
  event {
    ...EventFields
  }
  errors {
    ...UserErrorFields
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}`, {"fragmentName":"EventResult"}) as unknown as TypedDocumentString<EventResultFragment, unknown>;
export const TriggersDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<TriggersQuery, TriggersQueryVariables>;
export const TriggerRowsDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<TriggerRowsQuery, TriggerRowsQueryVariables>;
export const TriggerDocument = new TypedDocumentString(`
    query Trigger($id: ID!) {
  trigger(id: $id) {
    ...TriggerFields
  }
}
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
}`) as unknown as TypedDocumentString<TriggerQuery, TriggerQueryVariables>;
export const CountsDocument = new TypedDocumentString(`
    query Counts {
  eventCounts {
    triggerId
    triggerName
    active
    archived
  }
}
    `) as unknown as TypedDocumentString<CountsQuery, CountsQueryVariables>;
export const RateDocument = new TypedDocumentString(`
    query Rate($triggerId: ID, $since: DateTime) {
  eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) {
    start
    count
  }
}
    `) as unknown as TypedDocumentString<RateQuery, RateQueryVariables>;
export const EventsDocument = new TypedDocumentString(`
    query Events($status: EventStatus, $triggerId: ID, $source: EventSource, $includeTest: Boolean, $since: DateTime, $until: DateTime, $payloadContains: JSON, $first: Int, $after: String) {
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
}`) as unknown as TypedDocumentString<EventsQuery, EventsQueryVariables>;
export const PreviewDocument = new TypedDocumentString(`
    query Preview($schedule: ScheduleInput!) {
  previewSchedule(schedule: $schedule, count: 5)
  describeSchedule(schedule: $schedule)
}
    `) as unknown as TypedDocumentString<PreviewQuery, PreviewQueryVariables>;
export const CreateScheduledDocument = new TypedDocumentString(`
    mutation CreateScheduled($input: CreateScheduledTriggerInput!) {
  r: createScheduledTrigger(input: $input) {
    ...TriggerResult
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`) as unknown as TypedDocumentString<CreateScheduledMutation, CreateScheduledMutationVariables>;
export const CreateApiDocument = new TypedDocumentString(`
    mutation CreateApi($input: CreateApiTriggerInput!) {
  r: createApiTrigger(input: $input) {
    ...TriggerResult
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`) as unknown as TypedDocumentString<CreateApiMutation, CreateApiMutationVariables>;
export const UpdateDocument = new TypedDocumentString(`
    mutation Update($id: ID!, $input: UpdateTriggerInput!) {
  r: updateTrigger(id: $id, input: $input) {
    ...TriggerResult
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`) as unknown as TypedDocumentString<UpdateMutation, UpdateMutationVariables>;
export const PauseDocument = new TypedDocumentString(`
    mutation Pause($id: ID!) {
  r: pauseTrigger(id: $id) {
    ...TriggerResult
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`) as unknown as TypedDocumentString<PauseMutation, PauseMutationVariables>;
export const ResumeDocument = new TypedDocumentString(`
    mutation Resume($id: ID!) {
  r: resumeTrigger(id: $id) {
    ...TriggerResult
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`) as unknown as TypedDocumentString<ResumeMutation, ResumeMutationVariables>;
export const RotateHookTokenDocument = new TypedDocumentString(`
    mutation RotateHookToken($id: ID!) {
  r: rotateHookToken(id: $id) {
    ...TriggerResult
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`) as unknown as TypedDocumentString<RotateHookTokenMutation, RotateHookTokenMutationVariables>;
export const DeleteDocument = new TypedDocumentString(`
    mutation Delete($id: ID!) {
  r: deleteTrigger(id: $id) {
    deletedId
    errors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  code
  field
  message
}`) as unknown as TypedDocumentString<DeleteMutation, DeleteMutationVariables>;
export const FireDocument = new TypedDocumentString(`
    mutation Fire($id: ID!, $payload: JSON) {
  r: fireTrigger(id: $id, payload: $payload) {
    ...EventResult
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment EventResult on EventPayload {
  event {
    ...EventFields
  }
  errors {
    ...UserErrorFields
  }
}`) as unknown as TypedDocumentString<FireMutation, FireMutationVariables>;
export const TestDocument = new TypedDocumentString(`
    mutation Test($id: ID!, $payload: JSON) {
  r: testTrigger(id: $id, payload: $payload) {
    ...EventResult
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment EventResult on EventPayload {
  event {
    ...EventFields
  }
  errors {
    ...UserErrorFields
  }
}`) as unknown as TypedDocumentString<TestMutation, TestMutationVariables>;
export const TryDocument = new TypedDocumentString(`
    mutation Try($input: TriggerDefinitionInput!, $fireAt: DateTime) {
  r: testTriggerDefinition(input: $input, fireAt: $fireAt) {
    ...EventResult
  }
}
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
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment EventResult on EventPayload {
  event {
    ...EventFields
  }
  errors {
    ...UserErrorFields
  }
}`) as unknown as TypedDocumentString<TryMutation, TryMutationVariables>;
export const EventDocument = new TypedDocumentString(`
    query Event($id: ID!) {
  event(id: $id) {
    ...EventFields
  }
}
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
}`) as unknown as TypedDocumentString<EventQuery, EventQueryVariables>;
export const LiveDocument = new TypedDocumentString(`
    subscription Live($triggerId: ID, $includeTest: Boolean!, $source: EventSource, $payloadContains: JSON, $after: ID) {
  eventFired(
    triggerId: $triggerId
    includeTest: $includeTest
    source: $source
    payloadContains: $payloadContains
    after: $after
  ) {
    ...EventFields
  }
}
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
}`) as unknown as TypedDocumentString<LiveSubscription, LiveSubscriptionVariables>;