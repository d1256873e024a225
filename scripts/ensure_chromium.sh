#!/usr/bin/env bash
# The browser suite drives Debian's Chromium (Playwright's own browser download is not allowed).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The browser suite needs Debian's chromium and chromium-driver packages." >&2
  echo "Install them as root: apt-get install chromium chromium-driver" >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser suite..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
