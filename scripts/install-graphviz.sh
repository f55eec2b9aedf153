#!/usr/bin/env bash
# Install Debian's Graphviz (its dot lays the maps out; the tests count its edge crossings), unless it is already there.
set -euo pipefail
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" graphviz
command -v dot
