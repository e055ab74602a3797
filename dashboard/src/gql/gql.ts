/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment TriggerFields on Trigger {\n    id\n    name\n    description\n    kind\n    schedule {\n      at\n      cron\n      everySeconds\n      timezone\n      startAt\n      endAt\n      description\n    }\n    payload\n    apiSchema\n    hookUrl\n    paused\n    misfireGraceSeconds\n    missedFirings\n    nextFireAt\n    upcoming(count: 5)\n    createdAt\n    updatedAt\n  }\n": typeof types.TriggerFieldsFragmentDoc,
    "\n  fragment EventFields on Event {\n    id\n    triggerId\n    triggerName\n    kind\n    source\n    status\n    isTest\n    payload\n    scheduledFor\n    firedAt\n  }\n": typeof types.EventFieldsFragmentDoc,
    "\n  fragment UserErrorFields on UserError {\n    code\n    field\n    message\n  }\n": typeof types.UserErrorFieldsFragmentDoc,
    "\n  fragment TriggerResult on TriggerPayload {\n    trigger {\n      ...TriggerFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n": typeof types.TriggerResultFragmentDoc,
    "\n  fragment EventResult on EventPayload {\n    event {\n      ...EventFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n": typeof types.EventResultFragmentDoc,
    "\n  query Triggers($after: String) {\n    triggers(first: 100, after: $after) {\n      edges {\n        cursor\n        node {\n          ...TriggerFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.TriggersDocument,
    "\n  query TriggerRows($after: String, $since: DateTime) {\n    triggers(first: 100, after: $after) {\n      edges {\n        cursor\n        node {\n          ...TriggerFields\n          lastEvent {\n            id\n            firedAt\n          }\n          eventCount(since: $since)\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.TriggerRowsDocument,
    "\n  query Trigger($id: ID!) {\n    trigger(id: $id) {\n      ...TriggerFields\n    }\n  }\n": typeof types.TriggerDocument,
    "\n  query Counts {\n    eventCounts {\n      triggerId\n      triggerName\n      active\n      archived\n    }\n  }\n": typeof types.CountsDocument,
    "\n  query Rate($triggerId: ID, $since: DateTime) {\n    eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) {\n      start\n      count\n    }\n  }\n": typeof types.RateDocument,
    "\n  query Events(\n    $status: EventStatus\n    $triggerId: ID\n    $source: EventSource\n    $includeTest: Boolean\n    $since: DateTime\n    $until: DateTime\n    $payloadContains: JSON\n    $first: Int\n    $after: String\n  ) {\n    events(\n      status: $status\n      triggerId: $triggerId\n      source: $source\n      includeTest: $includeTest\n      since: $since\n      until: $until\n      payloadContains: $payloadContains\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          ...EventFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.EventsDocument,
    "\n  query Preview($schedule: ScheduleInput!) {\n    previewSchedule(schedule: $schedule, count: 5)\n    describeSchedule(schedule: $schedule)\n  }\n": typeof types.PreviewDocument,
    "\n  mutation CreateScheduled($input: CreateScheduledTriggerInput!) {\n    r: createScheduledTrigger(input: $input) {\n      ...TriggerResult\n    }\n  }\n": typeof types.CreateScheduledDocument,
    "\n  mutation CreateApi($input: CreateApiTriggerInput!) {\n    r: createApiTrigger(input: $input) {\n      ...TriggerResult\n    }\n  }\n": typeof types.CreateApiDocument,
    "\n  mutation Update($id: ID!, $input: UpdateTriggerInput!) {\n    r: updateTrigger(id: $id, input: $input) {\n      ...TriggerResult\n    }\n  }\n": typeof types.UpdateDocument,
    "\n  mutation Pause($id: ID!) {\n    r: pauseTrigger(id: $id) {\n      ...TriggerResult\n    }\n  }\n": typeof types.PauseDocument,
    "\n  mutation Resume($id: ID!) {\n    r: resumeTrigger(id: $id) {\n      ...TriggerResult\n    }\n  }\n": typeof types.ResumeDocument,
    "\n  mutation RotateHookToken($id: ID!) {\n    r: rotateHookToken(id: $id) {\n      ...TriggerResult\n    }\n  }\n": typeof types.RotateHookTokenDocument,
    "\n  mutation Delete($id: ID!) {\n    r: deleteTrigger(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.DeleteDocument,
    "\n  mutation Fire($id: ID!, $payload: JSON) {\n    r: fireTrigger(id: $id, payload: $payload) {\n      ...EventResult\n    }\n  }\n": typeof types.FireDocument,
    "\n  mutation Test($id: ID!, $payload: JSON) {\n    r: testTrigger(id: $id, payload: $payload) {\n      ...EventResult\n    }\n  }\n": typeof types.TestDocument,
    "\n  mutation Try($input: TriggerDefinitionInput!, $fireAt: DateTime) {\n    r: testTriggerDefinition(input: $input, fireAt: $fireAt) {\n      ...EventResult\n    }\n  }\n": typeof types.TryDocument,
    "\n  query Event($id: ID!) {\n    event(id: $id) {\n      ...EventFields\n    }\n  }\n": typeof types.EventDocument,
    "\n  subscription Live(\n    $triggerId: ID\n    $includeTest: Boolean!\n    $source: EventSource\n    $payloadContains: JSON\n    $after: ID\n  ) {\n    eventFired(\n      triggerId: $triggerId\n      includeTest: $includeTest\n      source: $source\n      payloadContains: $payloadContains\n      after: $after\n    ) {\n      ...EventFields\n    }\n  }\n": typeof types.LiveDocument,
};
const documents: Documents = {
    "\n  fragment TriggerFields on Trigger {\n    id\n    name\n    description\n    kind\n    schedule {\n      at\n      cron\n      everySeconds\n      timezone\n      startAt\n      endAt\n      description\n    }\n    payload\n    apiSchema\n    hookUrl\n    paused\n    misfireGraceSeconds\n    missedFirings\n    nextFireAt\n    upcoming(count: 5)\n    createdAt\n    updatedAt\n  }\n": types.TriggerFieldsFragmentDoc,
    "\n  fragment EventFields on Event {\n    id\n    triggerId\n    triggerName\n    kind\n    source\n    status\n    isTest\n    payload\n    scheduledFor\n    firedAt\n  }\n": types.EventFieldsFragmentDoc,
    "\n  fragment UserErrorFields on UserError {\n    code\n    field\n    message\n  }\n": types.UserErrorFieldsFragmentDoc,
    "\n  fragment TriggerResult on TriggerPayload {\n    trigger {\n      ...TriggerFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n": types.TriggerResultFragmentDoc,
    "\n  fragment EventResult on EventPayload {\n    event {\n      ...EventFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n": types.EventResultFragmentDoc,
    "\n  query Triggers($after: String) {\n    triggers(first: 100, after: $after) {\n      edges {\n        cursor\n        node {\n          ...TriggerFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.TriggersDocument,
    "\n  query TriggerRows($after: String, $since: DateTime) {\n    triggers(first: 100, after: $after) {\n      edges {\n        cursor\n        node {\n          ...TriggerFields\n          lastEvent {\n            id\n            firedAt\n          }\n          eventCount(since: $since)\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.TriggerRowsDocument,
    "\n  query Trigger($id: ID!) {\n    trigger(id: $id) {\n      ...TriggerFields\n    }\n  }\n": types.TriggerDocument,
    "\n  query Counts {\n    eventCounts {\n      triggerId\n      triggerName\n      active\n      archived\n    }\n  }\n": types.CountsDocument,
    "\n  query Rate($triggerId: ID, $since: DateTime) {\n    eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) {\n      start\n      count\n    }\n  }\n": types.RateDocument,
    "\n  query Events(\n    $status: EventStatus\n    $triggerId: ID\n    $source: EventSource\n    $includeTest: Boolean\n    $since: DateTime\n    $until: DateTime\n    $payloadContains: JSON\n    $first: Int\n    $after: String\n  ) {\n    events(\n      status: $status\n      triggerId: $triggerId\n      source: $source\n      includeTest: $includeTest\n      since: $since\n      until: $until\n      payloadContains: $payloadContains\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          ...EventFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.EventsDocument,
    "\n  query Preview($schedule: ScheduleInput!) {\n    previewSchedule(schedule: $schedule, count: 5)\n    describeSchedule(schedule: $schedule)\n  }\n": types.PreviewDocument,
    "\n  mutation CreateScheduled($input: CreateScheduledTriggerInput!) {\n    r: createScheduledTrigger(input: $input) {\n      ...TriggerResult\n    }\n  }\n": types.CreateScheduledDocument,
    "\n  mutation CreateApi($input: CreateApiTriggerInput!) {\n    r: createApiTrigger(input: $input) {\n      ...TriggerResult\n    }\n  }\n": types.CreateApiDocument,
    "\n  mutation Update($id: ID!, $input: UpdateTriggerInput!) {\n    r: updateTrigger(id: $id, input: $input) {\n      ...TriggerResult\n    }\n  }\n": types.UpdateDocument,
    "\n  mutation Pause($id: ID!) {\n    r: pauseTrigger(id: $id) {\n      ...TriggerResult\n    }\n  }\n": types.PauseDocument,
    "\n  mutation Resume($id: ID!) {\n    r: resumeTrigger(id: $id) {\n      ...TriggerResult\n    }\n  }\n": types.ResumeDocument,
    "\n  mutation RotateHookToken($id: ID!) {\n    r: rotateHookToken(id: $id) {\n      ...TriggerResult\n    }\n  }\n": types.RotateHookTokenDocument,
    "\n  mutation Delete($id: ID!) {\n    r: deleteTrigger(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.DeleteDocument,
    "\n  mutation Fire($id: ID!, $payload: JSON) {\n    r: fireTrigger(id: $id, payload: $payload) {\n      ...EventResult\n    }\n  }\n": types.FireDocument,
    "\n  mutation Test($id: ID!, $payload: JSON) {\n    r: testTrigger(id: $id, payload: $payload) {\n      ...EventResult\n    }\n  }\n": types.TestDocument,
    "\n  mutation Try($input: TriggerDefinitionInput!, $fireAt: DateTime) {\n    r: testTriggerDefinition(input: $input, fireAt: $fireAt) {\n      ...EventResult\n    }\n  }\n": types.TryDocument,
    "\n  query Event($id: ID!) {\n    event(id: $id) {\n      ...EventFields\n    }\n  }\n": types.EventDocument,
    "\n  subscription Live(\n    $triggerId: ID\n    $includeTest: Boolean!\n    $source: EventSource\n    $payloadContains: JSON\n    $after: ID\n  ) {\n    eventFired(\n      triggerId: $triggerId\n      includeTest: $includeTest\n      source: $source\n      payloadContains: $payloadContains\n      after: $after\n    ) {\n      ...EventFields\n    }\n  }\n": types.LiveDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TriggerFields on Trigger {\n    id\n    name\n    description\n    kind\n    schedule {\n      at\n      cron\n      everySeconds\n      timezone\n      startAt\n      endAt\n      description\n    }\n    payload\n    apiSchema\n    hookUrl\n    paused\n    misfireGraceSeconds\n    missedFirings\n    nextFireAt\n    upcoming(count: 5)\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql').TriggerFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EventFields on Event {\n    id\n    triggerId\n    triggerName\n    kind\n    source\n    status\n    isTest\n    payload\n    scheduledFor\n    firedAt\n  }\n"): typeof import('./graphql').EventFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserErrorFields on UserError {\n    code\n    field\n    message\n  }\n"): typeof import('./graphql').UserErrorFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TriggerResult on TriggerPayload {\n    trigger {\n      ...TriggerFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n"): typeof import('./graphql').TriggerResultFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EventResult on EventPayload {\n    event {\n      ...EventFields\n    }\n    errors {\n      ...UserErrorFields\n    }\n  }\n"): typeof import('./graphql').EventResultFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Triggers($after: String) {\n    triggers(first: 100, after: $after) {\n      edges {\n        cursor\n        node {\n          ...TriggerFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').TriggersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TriggerRows($after: String, $since: DateTime) {\n    triggers(first: 100, after: $after) {\n      edges {\n        cursor\n        node {\n          ...TriggerFields\n          lastEvent {\n            id\n            firedAt\n          }\n          eventCount(since: $since)\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').TriggerRowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Trigger($id: ID!) {\n    trigger(id: $id) {\n      ...TriggerFields\n    }\n  }\n"): typeof import('./graphql').TriggerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Counts {\n    eventCounts {\n      triggerId\n      triggerName\n      active\n      archived\n    }\n  }\n"): typeof import('./graphql').CountsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Rate($triggerId: ID, $since: DateTime) {\n    eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) {\n      start\n      count\n    }\n  }\n"): typeof import('./graphql').RateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Events(\n    $status: EventStatus\n    $triggerId: ID\n    $source: EventSource\n    $includeTest: Boolean\n    $since: DateTime\n    $until: DateTime\n    $payloadContains: JSON\n    $first: Int\n    $after: String\n  ) {\n    events(\n      status: $status\n      triggerId: $triggerId\n      source: $source\n      includeTest: $includeTest\n      since: $since\n      until: $until\n      payloadContains: $payloadContains\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          ...EventFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').EventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Preview($schedule: ScheduleInput!) {\n    previewSchedule(schedule: $schedule, count: 5)\n    describeSchedule(schedule: $schedule)\n  }\n"): typeof import('./graphql').PreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateScheduled($input: CreateScheduledTriggerInput!) {\n    r: createScheduledTrigger(input: $input) {\n      ...TriggerResult\n    }\n  }\n"): typeof import('./graphql').CreateScheduledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApi($input: CreateApiTriggerInput!) {\n    r: createApiTrigger(input: $input) {\n      ...TriggerResult\n    }\n  }\n"): typeof import('./graphql').CreateApiDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Update($id: ID!, $input: UpdateTriggerInput!) {\n    r: updateTrigger(id: $id, input: $input) {\n      ...TriggerResult\n    }\n  }\n"): typeof import('./graphql').UpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Pause($id: ID!) {\n    r: pauseTrigger(id: $id) {\n      ...TriggerResult\n    }\n  }\n"): typeof import('./graphql').PauseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Resume($id: ID!) {\n    r: resumeTrigger(id: $id) {\n      ...TriggerResult\n    }\n  }\n"): typeof import('./graphql').ResumeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateHookToken($id: ID!) {\n    r: rotateHookToken(id: $id) {\n      ...TriggerResult\n    }\n  }\n"): typeof import('./graphql').RotateHookTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Delete($id: ID!) {\n    r: deleteTrigger(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').DeleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Fire($id: ID!, $payload: JSON) {\n    r: fireTrigger(id: $id, payload: $payload) {\n      ...EventResult\n    }\n  }\n"): typeof import('./graphql').FireDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Test($id: ID!, $payload: JSON) {\n    r: testTrigger(id: $id, payload: $payload) {\n      ...EventResult\n    }\n  }\n"): typeof import('./graphql').TestDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Try($input: TriggerDefinitionInput!, $fireAt: DateTime) {\n    r: testTriggerDefinition(input: $input, fireAt: $fireAt) {\n      ...EventResult\n    }\n  }\n"): typeof import('./graphql').TryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Event($id: ID!) {\n    event(id: $id) {\n      ...EventFields\n    }\n  }\n"): typeof import('./graphql').EventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Live(\n    $triggerId: ID\n    $includeTest: Boolean!\n    $source: EventSource\n    $payloadContains: JSON\n    $after: ID\n  ) {\n    eventFired(\n      triggerId: $triggerId\n      includeTest: $includeTest\n      source: $source\n      payloadContains: $payloadContains\n      after: $after\n    ) {\n      ...EventFields\n    }\n  }\n"): typeof import('./graphql').LiveDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
