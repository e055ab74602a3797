// GraphQL over HTTP with the session cookie. Every POST carries X-CSRF-Token (the server's guard
// for cookie-authenticated state changes); a lost session sends the person back to sign-in.
import type { TypedDocumentString } from "../gql/graphql";
import { session, csrfToken } from "./session";

export interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    /** INVALID arguments of a query carry their field paths in extensions.errors. */
    readonly fieldErrors: UserError[] = [],
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: {
    message: string;
    extensions?: { code?: string; errors?: { field?: string[]; message: string }[] };
  }[];
}

/** Send a typed document (src/gql, generated from schema.graphql): its variables and result are checked. */
export async function gql<T, V>(document: TypedDocumentString<T, V>, variables: V): Promise<T> {
  const query = document.toString();
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/graphql-response+json, application/json",
        "X-CSRF-Token": csrfToken(),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GraphQLRequestError("The server cannot be reached.");
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await res.json()) as GraphQLResponse<T>;
  } catch {
    throw new GraphQLRequestError(`The server answered ${res.status}.`);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code;
    if (code === "UNAUTHENTICATED" || res.status === 401) session.value = null;
    const fieldErrors = (first.extensions?.errors ?? []).map((e) => ({
      code: code ?? "INVALID",
      field: e.field ?? null,
      message: e.message,
    }));
    throw new GraphQLRequestError(first.message, code, fieldErrors);
  }
  if (!body.data) throw new GraphQLRequestError(`The server answered ${res.status} without data.`);
  return body.data;
}
