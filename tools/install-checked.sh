#!/usr/bin/env bash
# Installs the dependencies and fails if that changed package.json or package-lock.json: the committed lock file
# must be exactly what `npm install` writes from a fresh clone, or every new clone starts with a dirty tree.
# (npm ci cannot be used against this registry mirror: see docs/development.md.)
set -euo pipefail
cd "$(dirname "$0")/.."

npm install --no-audit --no-fund

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "install-checked: not a git checkout, so the lock file cannot be compared; skipped." >&2
  exit 0
fi
if ! git diff --quiet -- package.json package-lock.json; then
  {
    echo
    echo "install-checked: npm install changed the committed lock file (lock-file drift):"
    git --no-pager diff --stat -- package.json package-lock.json
    echo "Commit package-lock.json as npm install now writes it (after reviewing the change), or restore it with"
    echo "git checkout -- package-lock.json if the change is not wanted."
  } >&2
  exit 1
fi
echo "install-checked: package-lock.json is unchanged by npm install."
