import { defineConfig } from "vite";
import preact from "@preact/preset-vite";
import { resolve } from "node:path";
import type { Plugin } from "vite";
import { babelOptimizerPlugin } from "@graphql-codegen/client-preset";

// GraphiQL's stylesheet embeds its Roboto and Fira Code fonts as data: URIs, which the pages'
// CSP (font-src 'self') refuses, one console error per face. Drop those @font-face rules: the
// page falls back to the system fonts its font stacks already name.
function dropInlineFonts(): Plugin {
  return {
    name: "etp-drop-inline-fonts",
    enforce: "pre",
    transform(code, id) {
      if (!/graphiql[\\/]dist[\\/]style\.css/.test(id)) return null;
      return { code: code.replace(/@font-face\s*\{[^}]*url\(\s*["']?data:[^}]*\}/g, ""), map: null };
    },
  };
}

// Output lands in the Python package (api/dashboard/static) so that running the platform needs no
// Node. Names are content-hashed: the server can cache /assets/* forever, and two builds from the
// same lockfile produce the same files (CI rebuilds and diffs them).
export default defineConfig({
  // The GraphiQL page bundles the real React: preact/compat aliases would break it.
  plugins: [
    preact({
      reactAliasesEnabled: false,
      prerender: { enabled: false },
      // Each graphql(`...`) call becomes an import of its generated document, so a page's bundle
      // holds its own operations only (not codegen's map of every operation).
      babel: { plugins: [[babelOptimizerPlugin, { artifactDirectory: "./src/gql", gqlTagName: "graphql" }]] },
    }),
    dropInlineFonts(),
  ],
  base: "/",
  build: {
    outDir: resolve(__dirname, "../api/dashboard/static"),
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    // Fonts and images as files, not data: URIs, so the CSP can stay at font-src/img-src 'self'.
    assetsInlineLimit: 0,
    // The polyfill is unnecessary in the browsers we target and would be one more script to vet.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        index: resolve(__dirname, "index.html"),
        graphiql: resolve(__dirname, "graphiql.html"),
      },
    },
  },
  server: {
    proxy: {
      "/graphql": { target: "http://127.0.0.1:8000", ws: true },
      "/session": "http://127.0.0.1:8000",
      "/events/export.ndjson": "http://127.0.0.1:8000",
    },
  },
});
