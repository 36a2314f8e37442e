# ctest cli.no-webhook-diagnosis: a target that never sends a webhook gets one
# run-level diagnosis (printed, and first in report.json, summary.md and report.html) naming the
# callback URL and the two likely causes; a run where webhooks arrive has none.
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)
file(REMOVE_RECURSE ${WORK})

expect_exit(1 ${WC} run --quiet --reference-fault no-delivery --filter delivery.threads-runs-create,delivery.runs-wait --report-dir ${WORK}/silent)
expect_match_count("${LAST_OUT}" "diagnosis: no webhook reached the capture server during the whole run" 1 "the silent target's run")
expect_contains("${LAST_OUT}" "--callback-url" "the diagnosis names the fix for a remote deployment")
file(READ ${WORK}/silent/report.json report)
string(JSON diagnosis GET "${report}" diagnoses 0)
expect_contains("${diagnosis}" "http://127.0.0.1:" "report.json's diagnosis names the callback URL")
file(READ ${WORK}/silent/summary.md summary)
expect_contains("${summary}" "Diagnosis:" "summary.md shows the diagnosis")
file(READ ${WORK}/silent/report.html html)
expect_contains("${html}" "Diagnosis:" "report.html shows the diagnosis")

expect_exit(0 ${WC} run --quiet --filter delivery.threads-runs-create --report-dir ${WORK}/clean)
expect_match_count("${LAST_OUT}" "diagnosis:" 0 "a run where webhooks arrive")
message(STATUS "no-webhook diagnosis: shown once for a silent target, absent otherwise")
