#!/usr/bin/env bash
# Installs the build and test dependencies from Debian's packages. Idempotent.
# valijson is not installed here: its Debian package pulls ~240 packages (Qt5, Poco, MariaDB);
# CMake unpacks the same headers from `apt-get download libvalijson-dev` into the build tree.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgtest-dev libcpp-httplib-dev nlohmann-json3-dev libcli11-dev libpugixml-dev
  liburiparser-dev libssl-dev libyaml-dev libsimdjson-dev libcurl4-openssl-dev
  help2man  # the man page, from --help at build time
  dpkg-dev  # dpkg-shlibdeps: the .deb package's Depends (scripts/build-deb.sh, ctest cli.deb-package)
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# apt-get update always runs: CMake's `apt-get download libvalijson-dev` needs fresh lists.
$SUDO apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi
