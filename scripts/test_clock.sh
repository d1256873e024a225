#!/usr/bin/env bash
# The non-browser suite (SQLite) with the machine's clock moved by libfaketime, so that no test
# depends on the date it happens to run on (issue: "a suite that passes on any date").
#
#   +400 days                a year and more ahead: periods, quarters, expiries, ages
#   31.12.2027 23:30 UTC     already 1 January 2028 in Copenhagen: a new year and quarter
#                            locally but not in UTC
#   28.03.2027 01:30 UTC     just after the spring change to summer time in Copenhagen
#
# Each moment is given as an offset from now, so the fake clock runs on from it in every process
# (pytest-xdist's workers and the subprocesses some tests start) whatever TZ they set.
# Extra arguments go to pytest, e.g. `scripts/test_clock.sh brobygger/people`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The clock suite needs Debian's faketime package: apt-get install faketime" >&2
    exit 1
  fi
  echo "Installing Debian's faketime for the clock suite..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends faketime >/dev/null
fi

moments=("now + 400 days" "2027-12-31 23:30 UTC" "2027-03-28 01:30 UTC")
for moment in "${moments[@]}"; do
  offset=$(($(date -d "$moment" +%s) - $(date +%s)))
  echo "== clock moved to $(date -u -d "$moment" '+%d.%m.%Y %H:%M UTC') (offset ${offset} s)"
  faketime -f "+${offset}s" .venv/bin/pytest -m "not browser and not long" -n 2 -q "$@"
done
