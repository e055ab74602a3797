// GraphQL Code Generator: the dashboard's API types come from the exported schema.graphql and the
// operations written in src/ (graphql(`...`) calls), never by hand. `npm run codegen` writes
// src/gql/; check-build.sh regenerates it and fails when the committed copy differs.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      // Fragments are plain types here (no masking): the pages read the fields they select.
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents as strings (TypedDocumentString): the client POSTs the text as it is, so the
        // graphql-js parser and printer stay out of the bundle.
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: "string", JSON: "unknown" },
      },
    },
  },
};

export default config;
