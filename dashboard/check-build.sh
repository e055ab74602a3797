#!/usr/bin/env bash
# Rebuild the dashboard from the lockfile and fail if the committed build in api/dashboard/static
# differs: the shipped assets must be exactly what the sources produce.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build
cd ..
git add -N api/dashboard/static  # new, untracked files count as a difference too
git diff --exit-code --stat api/dashboard/static
echo "dashboard build matches the committed api/dashboard/static"
