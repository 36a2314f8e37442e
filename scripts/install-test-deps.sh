#!/usr/bin/env bash
# Installs what only the tests need, beyond scripts/install-deps.sh: Debian's chromium, for the
# report.html rendering test (ctest -L chromium; it skips with a reason when chromium is absent).
# Chromium is large (~100 MB with its libraries), so CI calls this; developers may skip it.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ -x /usr/bin/chromium ]; then
  echo "install-test-deps: chromium present"
  exit 0
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
