#!/usr/bin/env bash
# Install a Debian package unless its command is already there:
#   install-debian.sh chromium chromium   (the browser tests)
#   install-debian.sh graphviz dot        (the maps' layout; the tests count its edge crossings)
set -euo pipefail
package="$1"
command="$2"
if command -v "$command" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-debian: need root or sudo to install Debian's $package (apt-get install $package)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "$package" >/dev/null
command -v "$command"
