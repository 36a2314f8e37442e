#!/usr/bin/env bash
# Installs what only the tests need, beyond scripts/install-deps.sh, from Debian:
#   chromium  the report.html rendering test (ctest -L chromium; it skips with a reason when absent).
#             Large (~100 MB with its libraries), so CI installs it; developers may skip it.
#   lintian   checks the built .deb (ctest -L package).
# Usage: install-test-deps.sh [chromium] [lintian]   (no argument: both)
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(chromium lintian)
missing=()
for package in "${wanted[@]}"; do
  case "$package" in
    chromium|lintian) ;;
    *) echo "install-test-deps: unknown package '$package' (chromium, lintian)" >&2; exit 2 ;;
  esac
  if [ -x "/usr/bin/$package" ]; then
    echo "install-test-deps: $package present"
  else
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
