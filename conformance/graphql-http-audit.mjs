// The GraphQL-over-HTTP specification's own server audit (graphql-http's serverAudits) against a
// running server: `node graphql-http-audit.mjs URL` with the API key in ETP_API_KEY. Prints one
// JSON document, {"counts": {...}, "failed": [...]}, and exits 1 unless every audit is "ok".
import { auditServer } from "graphql-http";

const [url] = process.argv.slice(2);
const key = process.env.ETP_API_KEY;
if (!url || !key) {
  console.error("usage: ETP_API_KEY=... node graphql-http-audit.mjs http://host:port/graphql");
  process.exit(2);
}

// Every operation needs a key; the audits send their own headers, the key is added to each.
function fetchWithKey(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set("x-api-key", key);
  return fetch(input, { ...init, headers });
}

const results = await auditServer({ url, fetchFn: fetchWithKey });
const counts = { ok: 0, warn: 0, error: 0 };
const failed = [];
for (const result of results) {
  counts[result.status] += 1;
  if (result.status !== "ok") {
    failed.push({ id: result.id, name: result.name, status: result.status, reason: result.reason });
  }
}
console.log(JSON.stringify({ total: results.length, counts, failed }, null, 2));
process.exit(failed.length === 0 ? 0 : 1);
