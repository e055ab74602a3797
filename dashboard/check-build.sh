#!/usr/bin/env bash
# Rebuild the dashboard from the lockfile and fail if the committed build in api/dashboard/static
# differs: the shipped assets must be exactly what the sources produce.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build
cd ..
# Modified, deleted and new (untracked) files all count.
changes=$(git status --porcelain --untracked-files=all -- api/dashboard/static)
if [ -n "$changes" ]; then
  echo "api/dashboard/static differs from a fresh build of dashboard/ (run 'make ui' and commit):" >&2
  echo "$changes" | head -20 >&2
  git --no-pager diff --stat -- api/dashboard/static >&2 || true
  exit 1
fi
echo "dashboard build matches the committed api/dashboard/static"
