#!/usr/bin/env bash
# apt-get install the Debian packages given, as root or through sudo (for the setup scripts).
set -euo pipefail
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "$(basename "$0"): need root or sudo to install Debian's $* (apt-get install $*)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "$@" >/dev/null
