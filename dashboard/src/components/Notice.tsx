import type { UserError } from "../lib/graphql";

/** Page-level messages: errors with no field of their own, and failures of a request. */
export function Alert({ errors }: { errors: (string | UserError)[] }) {
  return (
    <div role="alert" class={errors.length ? "alert" : "alert empty"}>
      {errors.length > 0 && (
        <ul>
          {errors.map((e, i) => (
            <li key={i}>{typeof e === "string" ? e : e.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
