#!/usr/bin/env bash
# One command for every benchmark: builds the bench targets (Release-like, -DWEBHOOK_CONFORMANCE_BENCH=ON)
# into ${BUILD_DIR:-build-bench} and prints the table. Extra arguments go to run_benchmarks.py
# (--count, --connections, --langgraph-js URL, ...; see --help).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${BUILD_DIR:-$root/build-bench}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWEBHOOK_CONFORMANCE_BENCH=ON -DWEBHOOK_CONFORMANCE_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target webhook-conformance wc_load_generator \
  wc_capture_receiver wc_wakeup_bench wc_scaling_bench >/dev/null
exec python3 "$here/run_benchmarks.py" --build "$build" "$@"
