// Live events over graphql-transport-ws (the graphql-ws client). The websocket upgrade carries the
// session cookie, and the server accepts it only from this site's own pages (Origin).
//
// Resume without gap or duplicate: the API's `eventFired(after:)` first replays every stored event
// after that id, then goes live, in commit order. Event ids sort as strings (fixed-width). So the
// stream remembers the newest id it delivered; when the socket drops, it opens a new subscription
// with `after` = that id (graphql-ws on its own would resend the first `after`), and it drops any
// event whose id is not greater than the newest seen (a duplicate from an overlapping replay).
import { createClient, type Client } from "graphql-ws";
import { loadSession } from "./session";
import { graphql } from "../gql";
import type { LiveSubscription, LiveSubscriptionVariables } from "../gql/graphql";
import type { Event, EventSource } from "./api";
import { LIVE_RECONNECT, LIVE_RESUBSCRIBE, delayMs } from "./retry";

export type LiveState = "connecting" | "live" | "reconnecting";

export interface LiveOptions {
  // The filters of the `events` query that eventFired takes too: the server applies them.
  triggerId?: string | null;
  includeTest: boolean;
  source?: EventSource | null;
  payloadContains?: unknown;
  /** Resume after this id (the newest event the page already shows). */
  after: string | null;
  onEvent: (e: Event) => void;
  onState: (s: LiveState) => void;
  onError?: (message: string) => void;
}

const LiveEvents = graphql(`
  subscription Live(
    $triggerId: ID
    $includeTest: Boolean!
    $source: EventSource
    $payloadContains: JSON
    $after: ID
  ) {
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
`);

let shared: Client | null = null;
let connected = false;
const closedListeners = new Set<() => void>();
const connectedListeners = new Set<() => void>();

function client(): Client {
  if (shared) return shared;
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  shared = createClient({
    url: `${proto}//${location.host}/graphql`,
    lazy: true,
    lazyCloseTimeout: 1000,
    // The upgrade request carries the session cookie; the server checks its Origin (docs/security.md).
    connectionParams: {},
    retryAttempts: LIVE_RECONNECT.attempts,
    shouldRetry: () => true,
    // graphql-ws counts the retries before this one: the n-th failure is retries + 1.
    retryWait: (retries) => new Promise((r) => setTimeout(r, delayMs(LIVE_RECONNECT, retries + 1))),
    keepAlive: 10_000,
    on: {
      connected: () => {
        connected = true;
        connectedListeners.forEach((f) => f());
      },
      closed: (event) => {
        connected = false;
        // 4401/4403: the session ended (signed out elsewhere, key revoked): ask the server, which
        // sends the page to sign-in instead of retrying for ever.
        const code = (event as CloseEvent | undefined)?.code;
        if (code === 4401 || code === 4403) void loadSession();
        closedListeners.forEach((f) => f());
      },
    },
  });
  return shared;
}

export function idAfter(a: string, b: string | null): boolean {
  if (b === null) return true;
  return a.length === b.length ? a > b : a.length > b.length;
}

/** Subscribe; returns the function that stops it. */
export function liveEvents(opts: LiveOptions): () => void {
  let newest = opts.after;
  let stopped = false;
  let dropped = false;
  let current = 0; // which subscription the sink callbacks belong to
  let unsubscribe: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const c = client();

  const start = () => {
    if (stopped) return;
    const mine = ++current;
    opts.onState(connected ? "live" : dropped ? "reconnecting" : "connecting");
    const variables: LiveSubscriptionVariables = {
      triggerId: opts.triggerId || null,
      includeTest: opts.includeTest,
      source: opts.source || null,
      payloadContains: opts.payloadContains ?? null,
      after: newest,
    };
    unsubscribe = c.subscribe<LiveSubscription>(
      { query: LiveEvents.toString(), variables },
      {
        next: (msg) => {
          if (mine !== current) return;
          const ev = msg.data?.eventFired;
          if (!ev || !idAfter(ev.id, newest)) return;
          newest = ev.id;
          opts.onEvent(ev);
        },
        error: (err) => {
          if (mine !== current) return;
          const message = Array.isArray(err)
            ? err.map((e: { message: string }) => e.message).join("; ")
            : err instanceof Error
              ? err.message
              : "The live connection failed.";
          opts.onError?.(message);
          restartSoon();
        },
        complete: () => {
          // A completion we caused (restart, stop) belongs to an older subscription.
          if (mine === current) restartSoon();
        },
      },
    );
  };
  const restart = () => {
    const old = unsubscribe;
    unsubscribe = null;
    current++; // the old sink's callbacks are ignored from here on
    old?.();
    start();
  };
  const restartSoon = () => {
    if (stopped || timer) return;
    dropped = true;
    opts.onState("reconnecting");
    timer = setTimeout(() => {
      timer = null;
      restart();
    }, delayMs(LIVE_RESUBSCRIBE, 1));
  };
  // graphql-ws resubscribes by itself after a drop, but with the first `after`: once connected
  // again, the stream replaces that subscription by one that resumes from the newest id seen.
  const onConnected = () => {
    if (stopped) return;
    if (dropped) {
      dropped = false;
      restart();
    }
    opts.onState("live");
  };
  const onClosed = () => {
    if (stopped) return;
    dropped = true;
    opts.onState("reconnecting");
  };
  connectedListeners.add(onConnected);
  closedListeners.add(onClosed);
  start();
  return () => {
    stopped = true;
    current++;
    if (timer) clearTimeout(timer);
    connectedListeners.delete(onConnected);
    closedListeners.delete(onClosed);
    unsubscribe?.();
  };
}
