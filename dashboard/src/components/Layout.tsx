import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { session, canWrite, signOut } from "../lib/session";

const LINKS = [
  { href: "/triggers", label: "Triggers" },
  { href: "/events", label: "Events" },
  { href: "/try", label: "Try a definition" },
];

export function Layout({ children }: { children: ComponentChildren }) {
  const { path, route } = useLocation();
  const s = session.value;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Event triggers</span>
        <nav aria-label="Main">
          <ul>
            {LINKS.map((l) => {
              const current = path === l.href || (l.href !== "/" && path.startsWith(l.href + "/"));
              return (
                <li key={l.href}>
                  <a href={l.href} aria-current={current ? "page" : undefined}>
                    {l.label}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div class="who">
          <span class="key-name">{s?.keyName}</span>
          {!canWrite.value && <span class="badge">read-only</span>}
          <a href="/graphql" target="_top" class="graphiql-link">
            GraphiQL
          </a>
          <button
            type="button"
            class="secondary"
            onClick={async () => {
              await signOut();
              route("/signin", true);
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
