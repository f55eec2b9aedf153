#!/usr/bin/env bash
# Install the Argdown reference parser (@argdown/core, pinned by tests/argdown-oracle/package-lock.json)
# that the Argdown conformance tests use as their oracle; Debian's Node.js and npm first, if missing.
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
cd "$scripts/../tests/argdown-oracle"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  bash "$scripts/apt-install.sh" nodejs npm
fi
if [ -d node_modules/@argdown/core ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --silent
