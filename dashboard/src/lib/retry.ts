// How the dashboard's live client retries: one named policy, all its numbers here (the server's
// loops have theirs in core/platform/retry_policies.py). tests/test_retry_policies.py fails on a
// retry number written elsewhere in dashboard/src.

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  /** "equal": between half and all of the delay; keeps a floor while spreading reconnects. */
  jitter: "equal" | "none";
  /** Infinity: retries for as long as the failure lasts. */
  attempts: number;
}

// The websocket's reconnects: a restarted server is picked up quickly, and a page left open
// through a long outage asks at most every 5 s.
export const LIVE_RECONNECT: RetryPolicy = { baseMs: 250, capMs: 5000, jitter: "equal", attempts: Infinity };
// A subscription the server ended or refused is opened again (resuming after the newest event
// seen) after this pause.
export const LIVE_RESUBSCRIBE: RetryPolicy = { baseMs: 1000, capMs: 1000, jitter: "none", attempts: Infinity };

/** Milliseconds to wait after the n-th consecutive failure (n >= 1). */
export function delayMs(policy: RetryPolicy, failures: number, draw: () => number = Math.random): number {
  if (failures < 1) return 0;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (failures - 1));
  return policy.jitter === "equal" ? ceiling * (0.5 + draw() / 2) : ceiling;
}
