#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests, unless it is already there.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" chromium
command -v chromium
