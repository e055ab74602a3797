import { useRef, useState, useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { signIn } from "../lib/session";

export function SignIn() {
  const { route } = useLocation();
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
      // The key is not kept anywhere: the field is cleared whatever the outcome.
      input.value = "";
      if (problem) setError(problem);
      else route("/triggers", true);
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
        <input id="api-key" name="apiKey" type="password" autoComplete="off" spellcheck={false} ref={keyRef} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <div role="alert" class="error">
          {error}
        </div>
      </form>
    </section>
  );
}
