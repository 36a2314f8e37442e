#!/usr/bin/env bash
# Builds the Debian package from a fresh clone: the tool-only preset (no tests), then CPack.
# Prints the path of the .deb; install it with `sudo apt-get install ./webhook-conformance_*.deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
command -v dpkg-shlibdeps > /dev/null || {
  echo "build-deb: installing dpkg-dev (dpkg-shlibdeps computes the package's Depends)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends dpkg-dev
}
cmake --preset tool
cmake --build --preset tool
(cd build-tool && cpack -G DEB > /dev/null)
ls "$PWD"/build-tool/webhook-conformance_*.deb
