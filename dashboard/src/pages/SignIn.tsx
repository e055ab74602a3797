import { useRef, useState, useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { signIn } from "../lib/session";
import { afterSignIn } from "../lib/returnTo";

export function SignIn() {
  const { route, query } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keyRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = "Sign in · Event triggers";
    keyRef.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const input = keyRef.current!;
    const key = input.value.trim();
    if (!key) {
      setError("Enter an API key.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const problem = await signIn(key);
      if (problem) {
        // A refused key stays in the field, selected, so a typo can be fixed rather than retyped.
        setError(problem);
        input.focus();
        input.select();
      } else {
        // Signed in: the key leaves the page, which goes where the person was going.
        input.value = "";
        route(afterSignIn(query.next), true);
      }
    } catch {
      setError("The server cannot be reached.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="signin" aria-labelledby="signin-h">
      <h1 id="signin-h">Sign in</h1>
      <p>Sign in with an API key. It is exchanged for a session cookie and not stored by this page.</p>
      <form onSubmit={submit} method="post" action="/session">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="off"
          spellcheck={false}
          ref={keyRef}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "api-key-error" : undefined}
        />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <div role="alert" class="error" id="api-key-error">
          {error}
        </div>
      </form>
    </section>
  );
}
