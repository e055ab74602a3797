// GraphiQL, bundled from npm (no CDN): served at GET /graphql to browsers. It authenticates with
// the dashboard's session cookie; POSTs carry X-CSRF-Token and the websocket sends it in
// connection_init. Written without JSX: this entry uses the real React, the dashboard Preact.
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { createClient } from "graphql-ws";
import "graphiql/graphiql.css";
import "./graphiql-page.css";
import { configureEditors, watchMarkup } from "./accessibility";

function csrf(): string {
  const match = document.cookie.match(/(?:^|;\s*)etp_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function start() {
  const root = document.getElementById("graphiql")!;
  const editors = configureEditors();
  let token = csrf();
  try {
    const res = await fetch("/session", { credentials: "same-origin" });
    if (res.status === 401) {
      location.assign("/signin");
      return;
    }
    if (res.ok) token = ((await res.json()) as { csrfToken?: string }).csrfToken ?? token;
  } catch {
    // The fetcher below reports an unreachable server in the result pane.
  }
  const ws = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`;
  const fetcher = createGraphiQLFetcher({
    url: "/graphql",
    headers: { "X-CSRF-Token": token },
    wsClient: createClient({ url: ws, connectionParams: {}, lazy: true }),
  });
  await editors;
  watchMarkup(root);
  createRoot(root).render(createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
}

void start();
