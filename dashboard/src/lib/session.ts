// The browser session: the API key is exchanged once for an HttpOnly cookie (POST /session) and
// never kept by this code. What the page may know — the key's name, its scopes and the CSRF token —
// comes from GET /session and lives only in memory.
import { signal, computed } from "@preact/signals";

export interface SessionInfo {
  keyName: string;
  scopes: string[];
  csrfToken: string;
}

export const session = signal<SessionInfo | null>(null);
/** False until the first GET /session has answered: pages wait instead of flashing the sign-in. */
export const sessionChecked = signal(false);
export const canWrite = computed(() => session.value?.scopes.includes("triggers:write") ?? false);

/** The CSRF token every state-changing request carries; the readable cookie is the fallback when
 * the in-memory copy is missing (e.g. a request races the first GET /session). */
export function csrfToken(): string {
  const fromSession = session.value?.csrfToken;
  if (fromSession) return fromSession;
  const match = document.cookie.match(/(?:^|;\s*)etp_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export async function loadSession(): Promise<SessionInfo | null> {
  try {
    const res = await fetch("/session", { credentials: "same-origin", headers: { Accept: "application/json" } });
    session.value = res.ok ? ((await res.json()) as SessionInfo) : null;
  } catch {
    session.value = null;
  }
  sessionChecked.value = true;
  return session.value;
}

/** Problem details (RFC 9457) answer -> a sentence for the person. */
async function problemText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { detail?: string; title?: string };
    return body.detail || body.title || `Sign-in failed (${res.status})`;
  } catch {
    return `Sign-in failed (${res.status})`;
  }
}

export async function signIn(apiKey: string): Promise<string | null> {
  const res = await fetch("/session", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ apiKey }),
  });
  if (!res.ok) return problemText(res);
  const info = await loadSession();
  return info ? null : "Signed in, but the session could not be read back.";
}

export async function signOut(): Promise<void> {
  try {
    await fetch("/session", {
      method: "DELETE",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfToken() },
    });
  } finally {
    session.value = null;
  }
}
