#!/usr/bin/env bash
# Letters and posters are printed in Danish, English, Arabic and Thai: the PDF renderer needs
# fonts with those scripts (DejaVu covers Latin and Arabic; TLWG covers Thai). A missing font
# only changes how Thai text looks in a PDF, so a failed install is reported, not fatal.
set -uo pipefail
if ! command -v fc-list >/dev/null 2>&1 || [ -n "$(fc-list :lang=th 2>/dev/null)" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "note: no Thai font found; Thai letters will not print. Install fonts-thai-tlwg." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-thai-tlwg \
    fonts-dejavu-core >/dev/null; }; then
  echo "note: could not install fonts-thai-tlwg; Thai letters will not print." >&2
fi
exit 0
