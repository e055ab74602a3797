#!/usr/bin/env bash
# Rebuild the dashboard from the lockfile and fail if the committed build in api/dashboard/static
# or the generated API types in dashboard/src/gql differ: the shipped assets must be exactly what
# the sources produce, and the types exactly what schema.graphql and the operations in src/ give.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build
cd ..
# `npm run build` regenerates src/gql first (npm run codegen). Modified, deleted and new
# (untracked) files all count.
generated=(dashboard/src/gql api/dashboard/static)
changes=$(git status --porcelain --untracked-files=all -- "${generated[@]}")
if [ -n "$changes" ]; then
  echo "dashboard/src/gql or api/dashboard/static differs from a fresh codegen and build of dashboard/" >&2
  echo "(run 'make ui' and commit):" >&2
  echo "$changes" | head -20 >&2
  git --no-pager diff --stat -- "${generated[@]}" >&2 || true
  exit 1
fi
echo "dashboard types and build match schema.graphql, the sources and the committed api/dashboard/static"
