import { useEffect } from "preact/hooks";
import { LocationProvider, Router, Route, lazy, useLocation, ErrorBoundary } from "preact-iso";
import { session, sessionChecked, loadSession } from "./lib/session";
import { afterSignIn, signInFor } from "./lib/returnTo";
import { Layout } from "./components/Layout";
import { SignIn } from "./pages/SignIn";
import { TriggersList } from "./pages/TriggersList";

// Pages beyond the first screen load on demand: the first load stays small.
const TriggerDetail = lazy(() => import("./pages/TriggerDetail").then((m) => m.TriggerDetail));
const TriggerFormPage = lazy(() => import("./pages/TriggerForm").then((m) => m.TriggerFormPage));
const TryPage = lazy(() => import("./pages/Try").then((m) => m.TryPage));
const EventsPage = lazy(() => import("./pages/Events").then((m) => m.EventsPage));
const EventPage = lazy(() => import("./pages/EventPage").then((m) => m.EventPage));

function NotFound() {
  return (
    <section aria-labelledby="nf">
      <h1 id="nf">Page not found</h1>
      <p>
        <a href="/triggers">Go to the triggers</a>
      </p>
    </section>
  );
}

function Guarded() {
  const { path, url, query, route } = useLocation();
  const signedIn = session.value !== null;
  const onSignin = path === "/signin";

  useEffect(() => {
    if (!sessionChecked.value) return;
    if (!signedIn && !onSignin) route(signInFor(url), true);
    else if (signedIn && onSignin) route(afterSignIn(query.next), true);
    else if (signedIn && path === "/") route("/triggers", true);
  }, [signedIn, onSignin, path, url, sessionChecked.value]);

  if (!sessionChecked.value) {
    return (
      <main id="main">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (!signedIn) {
    return (
      <main id="main">
        <SignIn />
      </main>
    );
  }
  return (
    <Layout>
      <ErrorBoundary>
        <Router>
          <Route path="/triggers" component={TriggersList} />
          <Route path="/triggers/new" component={TriggerFormPage} />
          <Route path="/triggers/:id/edit" component={TriggerFormPage} />
          <Route path="/triggers/:id" component={TriggerDetail} />
          <Route path="/try" component={TryPage} />
          <Route path="/events" component={EventsPage} />
          <Route path="/events/:id" component={EventPage} />
          <Route path="/signin" component={TriggersList} />
          <Route path="/" component={TriggersList} />
          <Route default component={NotFound} />
        </Router>
      </ErrorBoundary>
    </Layout>
  );
}

export function App() {
  useEffect(() => {
    void loadSession();
  }, []);
  return (
    <LocationProvider>
      <Guarded />
    </LocationProvider>
  );
}
