#!/usr/bin/env bash
# The official LangGraph JS SDK (fixtures/js-sdk, pinned) drives `webhook-conformance
# serve-reference` and checks every webhook arrives.
# Usage: js_sdk_test.sh WEBHOOK_CONFORMANCE_BINARY FIXTURE_DIR WORK_DIR
# Exit: 0 pass, 1 fail, 77 skip (npm missing or the registry unreachable; ctest SKIP_RETURN_CODE).
set -u
wc_bin=$1 fixture=$2 work=$3
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v node >/dev/null || skip "node is not installed"
command -v npm >/dev/null || skip "npm is not installed"
mkdir -p "$work" || fail "cannot create $work"
cp "$fixture/package.json" "$fixture/package-lock.json" "$fixture/drive.mjs" "$work/" ||
  fail "cannot copy $fixture"

# Install once per lock file: a copy of the lock next to node_modules records what is installed.
if ! cmp -s "$work/package-lock.json" "$work/node_modules/.installed-lock.json" 2>/dev/null; then
  if ! (cd "$work" && timeout 300 npm ci --no-audit --no-fund >npm.log 2>&1); then
    if ! timeout 30 npm ping >/dev/null 2>&1; then
      skip "npm cannot reach its registry ($(npm config get registry 2>/dev/null)); see $work/npm.log"
    fi
    tail -20 "$work/npm.log" >&2
    fail "npm ci failed although the registry answers (see $work/npm.log)"
  fi
  cp "$work/package-lock.json" "$work/node_modules/.installed-lock.json"
fi

# Start the reference and read its URL from the first line it prints (no polling).
fifo="$work/serve.fifo"
rm -f "$fifo" && mkfifo "$fifo" || fail "cannot create $fifo"
"$wc_bin" serve-reference --port 0 >"$fifo" 2>"$work/serve.err" &
server=$!
exec 3<"$fifo"
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; exec 3<&-; rm -f "$fifo"; }
trap stop_server EXIT
if ! read -r -t 15 -u 3 line; then
  fail "serve-reference printed no URL within 15 s: $(cat "$work/serve.err")"
fi
url=$(grep -o 'http://[0-9.]*:[0-9]*' <<<"$line") || fail "no URL in: $line"
echo "reference: $url"
(cd "$work" && timeout 120 node drive.mjs "$url")
