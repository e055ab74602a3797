// First-load weight of the dashboard: the scripts and styles index.html references (entry, its
// static imports via modulepreload, CSS), gzip-compressed. The budget is 250 KB; over it fails.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const out = join(dirname(fileURLToPath(import.meta.url)), "../../api/dashboard/static");
const BUDGET = 250 * 1024;
const html = readFileSync(join(out, "index.html"), "utf8");
const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let total = 0;
for (const ref of new Set(refs)) {
  const bytes = readFileSync(join(out, ref));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(`${ref}  ${(bytes.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip`);
}
console.log(`first load (script + style, gzip): ${(total / 1024).toFixed(1)} KB of ${BUDGET / 1024} KB budget`);
if (total > BUDGET) {
  console.error("over the first-load budget");
  process.exit(1);
}
