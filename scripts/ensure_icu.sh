#!/usr/bin/env bash
# Names typed in other scripts are romanised with ICU through PyICU, which PyPI ships as source
# only: it builds against the system's ICU (Debian's libicu-dev), found by pkg-config, with a
# C++ compiler. Installed here when missing, before the locked packages are installed.
set -euo pipefail
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists icu-i18n \
    && command -v c++ >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "PyICU needs ICU's development files: apt-get install libicu-dev pkg-config g++" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends libicu-dev pkg-config g++ >/dev/null
