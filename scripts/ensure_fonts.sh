#!/usr/bin/env bash
# Letters and posters are printed in every language of the catalogue: Latin, Arabic script
# (Arabic, Farsi, Dari, Urdu, Pashto), Thai and Ethiopic (Tigrinya). The PDF renderer needs
# fonts with those scripts: DejaVu covers Latin, TLWG covers Thai, Noto covers Arabic script
# (with its joining forms), Thai and Ethiopic. A missing font only changes how a script looks
# in a PDF, so a failed install is reported, not fatal.
set -uo pipefail
if ! command -v fc-list >/dev/null 2>&1; then
  exit 0
fi
missing=""
for script in th ar ti; do
  if [ -z "$(fc-list :lang=$script 2>/dev/null)" ]; then
    missing="$missing $script"
  fi
done
if [ -z "$missing" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "note: no font for:$missing; install fonts-noto-core and fonts-thai-tlwg." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-thai-tlwg \
    fonts-dejavu-core fonts-noto-core >/dev/null; }; then
  echo "note: could not install fonts-noto-core and fonts-thai-tlwg; letters in:$missing will not print well." >&2
fi
exit 0
