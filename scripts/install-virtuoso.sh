#!/usr/bin/env bash
# Install Debian's Virtuoso (the second real SPARQL server of the server tests), unless it is already there.
# The tests run it unprivileged from a temporary folder (tests/virtuoso.py); the package's own service is not used.
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" virtuoso-opensource
command -v virtuoso-t
