# ctest cli.ci-flags: the CLI a CI job uses (issue 15 item 6) — help and -V, the exit codes in
# --help, list --json, --fail-fast, --rerun-failed, --annotations and reference.log.
include(${CMAKE_CURRENT_LIST_DIR}/cli_expect_exit.cmake)
file(REMOVE_RECURSE ${WORK})

expect_exit(0 ${WC} help)
expect_contains("${LAST_OUT}" "Exit codes: 0 conformant; 1 a case breaks the gate" "help lists the exit codes")
expect_exit(0 ${WC} help run)
expect_contains("${LAST_OUT}" "--fail-fast" "help run shows run's flags")
expect_exit(2 ${WC} help no-such-command)
expect_exit(0 ${WC} -V)
expect_exit(0 ${WC} --help)
expect_contains("${LAST_OUT}" "130/143 stopped by SIGINT/SIGTERM" "--help lists the exit codes")

expect_exit(0 ${WC} list --json)
string(JSON n LENGTH "${LAST_OUT}")
string(JSON first GET "${LAST_OUT}" 0 id)
string(JSON area GET "${LAST_OUT}" 0 area)
if(n LESS 90 OR NOT first STREQUAL "delivery.threads-runs-create" OR NOT area STREQUAL "delivery")
  message(FATAL_ERROR "list --json: ${n} cases, first ${first} in ${area}")
endif()

# --fail-fast: a MUST failure stops the run at once; the rest are interrupted, the gate fails.
expect_exit(1 ${WC} run --quiet --fail-fast --reference-fault token-changed --report-dir ${WORK}/ff)
expect_contains("${LAST_OUT}" "run interrupted: --fail-fast: " "the run says why it stopped")
expect_contains("${LAST_OUT}" " interrupted in " "unfinished cases are interrupted")
# --rerun-failed reruns exactly those (the fail and the interrupted) against the same target,
# the fault included: still red. The report keeps every case of the run, the rerun ones marked.
file(READ ${WORK}/ff/report.json ff)
string(REGEX MATCHALL "\"outcome\": \"(fail|interrupted)\"" attention "${ff}")
list(LENGTH attention attention_n)
string(JSON ff_total GET "${ff}" summary total)
expect_exit(1 ${WC} run --quiet --rerun-failed --report-dir ${WORK}/ff)
expect_contains("${LAST_ERR}" "rerunning ${attention_n} of ${ff_total} case(s)" "--rerun-failed runs the ${attention_n} cases that needed attention")
expect_contains("${LAST_OUT}" "${ff_total} cases: " "the rerun's report keeps every case of the run")
file(READ ${WORK}/ff/report.json rerun_json)
expect_contains("${rerun_json}" "\"rerun\": true" "rerun cases are marked")
expect_contains("${rerun_json}" "a rerun (--rerun-failed)" "the report says it is a rerun")
# Another target (here: the reference without the fault) is refused, never judged green.
expect_exit(2 ${WC} run --quiet --rerun-failed --reference-fault no-delivery --report-dir ${WORK}/ff)
expect_exit(0 ${WC} run --quiet --filter token.plus --report-dir ${WORK}/clean)
expect_exit(0 ${WC} run --quiet --rerun-failed --report-dir ${WORK}/clean)
expect_contains("${LAST_OUT}" "nothing to rerun" "a clean last run leaves nothing to rerun")
expect_exit(2 ${WC} run --quiet --rerun-failed --report-dir ${WORK}/never-ran)
expect_exit(2 ${WC} run --quiet --rerun-failed --filter token --report-dir ${WORK}/ff)
# After a run that reached no target (exit 3), a rerun is not a success.
expect_exit(3 ${WC} run --quiet --target http://127.0.0.1:1 --report-dir ${WORK}/unreachable)
expect_exit(2 ${WC} run --quiet --rerun-failed --report-dir ${WORK}/unreachable)
expect_contains("${LAST_ERR}" "ended before any case (exit 3)" "the rerun says the last run judged nothing")
# A run in which every selected case skipped judged nothing: exit 4, said first.
expect_exit(4 ${WC} run --quiet --target-config ${SOURCE_DIR}/fixtures/configs/default.json --filter disable --report-dir ${WORK}/skipped)
expect_contains("${LAST_OUT}" "diagnosis: no case was judged" "the all-skipped run says so")

# --annotations github: one ::error per failing case, no file property; a bad value is exit 2.
expect_exit(1 ${WC} run --quiet --annotations github --reference-fault token-changed --filter token.plus --report-dir ${WORK}/ann)
expect_contains("${LAST_OUT}" "::error title=token.plus (MUST%2C fail)::" "an annotation for the failing case")
if(LAST_OUT MATCHES "file=")
  message(FATAL_ERROR "annotations must not name source files:\n${LAST_OUT}")
endif()
expect_exit(0 ${WC} run --quiet --annotations none --filter token.plus --report-dir ${WORK}/ann)
if(LAST_OUT MATCHES "::")
  message(FATAL_ERROR "--annotations none printed workflow commands:\n${LAST_OUT}")
endif()
expect_exit(2 ${WC} run --quiet --annotations gitlab --report-dir ${WORK}/ann)

# reference.log: the embedded reference's lines go beside the reports, mentioned once on stderr.
expect_exit(0 ${WC} run --quiet --filter failure.status-500-run-unaffected --report-dir ${WORK}/log)
if(NOT EXISTS ${WORK}/log/reference.log)
  message(FATAL_ERROR "no reference.log after a run whose receiver answered 500")
endif()
expect_contains("${LAST_ERR}" "the embedded reference logged " "the run mentions reference.log")
if(LAST_ERR MATCHES "\nreference: |^reference: ")
  message(FATAL_ERROR "reference lines still on stderr:\n${LAST_ERR}")
endif()
