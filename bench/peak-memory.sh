#!/usr/bin/env bash
# Peak memory and wall time of each command, on ordinary and hostile input, measured with
# /usr/bin/time -v (Debian package `time`). Loopback only; every step is bounded by `timeout`.
#   bench/peak-memory.sh [build/webhook-conformance]
# Prints a Markdown table: command, input, exit code, wall time, maximum resident set size.
set -uo pipefail
WC=${1:-build/webhook-conformance}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT
[ -x /usr/bin/time ] || { echo "peak-memory: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

row() {  # row COMMAND INPUT TIMEFILE EXIT
  local rss wall
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$3")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$3")
  printf '| `%s` | %s | %s | %s | %d MiB |\n' "$1" "$2" "$4" "$wall" "$((rss / 1024))"
}

measure() {  # measure COMMAND INPUT -- ARGV...
  local name=$1 input=$2
  shift 3
  timeout 600 /usr/bin/time -v -o "$WORK/time" "$@" >"$WORK/out" 2>&1
  row "$name" "$input" "$WORK/time" "$?"
}

# A server command under /usr/bin/time in the background: started, attacked, stopped with SIGTERM.
measure_server() {  # measure_server COMMAND PATH -- ARGV...
  local name=$1 path=$2 port=""
  shift 3
  /usr/bin/time -v -o "$WORK/time-$name" "$@" >"$WORK/out-$name" 2>&1 &
  local timer=$!
  for _ in $(seq 100); do
    port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$WORK/out-$name" | head -1 | cut -d: -f2)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "peak-memory: $name did not start" >&2; cat "$WORK/out-$name" >&2; return; }
  timeout 300 python3 "$HERE/hostile_peer.py" attack "$port" "$path" >"$WORK/attack-$name"
  pkill -TERM -P "$timer" 2>/dev/null
  wait "$timer"
  local code=$?
  local answers
  answers=$(sed 's/: answered /→/; s/ after .*//' "$WORK/attack-$name" | uniq -c |
            awk '{n=$1; $1=""; sub(/^ /, ""); printf "%s%s%s", (NR>1 ? "; " : ""), (n>1 ? n" × " : ""), $0}')
  row "$name" "6 × 211-byte brotli at once, 300 MiB chunked, 300 MiB until EOF, endless header section: $answers" \
      "$WORK/time-$name" "$code"
}

echo "| command | input | exit | wall | max RSS |"
echo "|---|---|---:|---:|---:|"
measure run "92 cases against the embedded reference" -- \
  "$WC" run --quiet --report-dir "$WORK/run"
python3 "$HERE/hostile_peer.py" trickle-tls "$WORK/tls-port" 60 &
for _ in $(seq 50); do [ -s "$WORK/tls-port" ] && break; sleep 0.1; done
measure run "a target whose TLS handshake trickles forever" -- \
  "$WC" run --quiet --target "https://127.0.0.1:$(cat "$WORK/tls-port")" --report-dir "$WORK/tls"
measure load "1,000 runs, concurrency 32, embedded reference" -- \
  "$WC" load --quiet --runs 1000 --concurrency 32 --report-dir "$WORK/load"
for i in $(seq 20); do cp -r "$WORK/run" "$WORK/run-$i"; done
measure merge "20 report sets of the 92-case run" -- \
  "$WC" merge $(for i in $(seq 20); do echo "$WORK/run-$i"; done) --report-dir "$WORK/merged"
mkdir -p "$WORK/hostile-merge"
python3 -c 'import sys; sys.stdout.write("{\"cases\": [" + ",".join(["0"] * 16000000) + "]}")' \
  >"$WORK/hostile-merge/report.json"
measure merge "a 31 MiB report.json of 16 million numbers (under the 32 MiB limit)" -- \
  "$WC" merge "$WORK/hostile-merge" --report-dir "$WORK/merged-hostile"
measure_server capture /hook/x -- "$WC" capture --port 0
measure_server serve-reference /threads -- "$WC" serve-reference --port 0
