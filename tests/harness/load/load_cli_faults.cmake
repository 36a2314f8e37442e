# `load` end to end against the embedded reference: a clean load passes (exit 0) with
# all three reports; each fault mode that breaks one accounting outcome fails exactly that
# check (exit 1) and names the runs; a latency budget can fail the gate too.
# -DWC=<webhook-conformance> -DWORK=<scratch dir>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)

# Clean: every run's webhook once, valid, token intact, status agreed.
expect_exit(0 ${WC} load --quiet --runs 300 --concurrency 32 --report-dir ${WORK}/clean)
expect_contains("${LAST_OUT}" "load: 300 runs planned" "the planned run count")
expect_contains("${LAST_OUT}" "300 runs sent: 300 exactly once and valid" "clean accounting")
expect_contains("${LAST_OUT}" "gate: PASS" "clean gate")
foreach(name load.json load.html load-junit.xml)
  if(NOT EXISTS ${WORK}/clean/${name})
    message(FATAL_ERROR "load did not write ${name}")
  endif()
endforeach()
file(READ ${WORK}/clean/load.json json)
string(JSON once GET "${json}" summary counts exactly_once_ok)
string(JSON nruns LENGTH "${json}" runs)
string(JSON p99 GET "${json}" summary latency creation_to_webhook p99_ms)
if(NOT once EQUAL 300 OR NOT nruns EQUAL 300)
  message(FATAL_ERROR "load.json: exactly_once_ok ${once}, ${nruns} run rows; expected 300 and 300")
endif()
file(READ ${WORK}/clean/load.html html)
string(FIND "${html}" "<script" script)
string(FIND "${html}" "<svg" svg)
if(NOT script EQUAL -1 OR svg EQUAL -1)
  message(FATAL_ERROR "load.html must draw SVG without scripts")
endif()
file(READ ${WORK}/clean/load-junit.xml junit)
expect_match_count("${junit}" "<testcase " 7 "one testcase per check")
expect_match_count("${junit}" "<failure" 0 "a clean load fails no check")

# Each fault breaks one promise: its check fails, naming runs; the others still pass.
set(cases
  "drops-under-load|load.lost|never sent a webhook"
  "duplicate-delivery|load.duplicates|sent more than one webhook"
  "schema-break|load.payload|Missing required property 'run_id'"
  "wrong-run-id|load.payload|the body's run_id is"
  "token-changed|load.token|-altered"
  "early-delivery|load.status|the API's final status is 'success'")
foreach(case IN LISTS cases)
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 fault)
  list(GET parts 1 check)
  list(GET parts 2 evidence)
  expect_exit(1 ${WC} load --quiet --runs 40 --concurrency 8 --reference-fault ${fault}
              --report-dir ${WORK}/${fault})
  expect_contains("${LAST_OUT}" "fail ${check}: " "${fault} fails ${check}")
  expect_contains("${LAST_OUT}" "${evidence}" "${fault}: the evidence")
  expect_contains("${LAST_OUT}" "(run_id " "${fault}: the failing runs are named")
  expect_contains("${LAST_OUT}" "gate: FAIL" "${fault}: the gate")
  file(READ ${WORK}/${fault}/load-junit.xml junit)
  expect_contains("${junit}" "name=\"${check}\" time=" "${fault}: junit names ${check}")
  if(NOT fault STREQUAL "drops-under-load")
    string(FIND "${LAST_OUT}" "fail load.lost" lost)
    if(NOT lost EQUAL -1)
      message(FATAL_ERROR "${fault} must not be read as lost webhooks:\n${LAST_OUT}")
    endif()
  endif()
endforeach()

# Rare faults, 1 in 1,000: 2,000 runs lose exactly 2 webhooks (or duplicate exactly 2), named.
foreach(case "drop-sometimes|load.lost|\\): no webhook" "duplicate-sometimes|load.duplicates|\\): 2 webhooks")
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 fault)
  list(GET parts 1 check)
  list(GET parts 2 evidence)
  expect_exit(1 ${WC} load --quiet --runs 2000 --concurrency 64 --reference-fault ${fault}
              --report-dir ${WORK}/${fault})
  expect_contains("${LAST_OUT}" "fail ${check}: " "${fault} fails ${check}")
  expect_match_count("${LAST_OUT}" "${evidence}" 2 "${fault}: exactly the 2 affected runs, one line each")
  expect_contains("${LAST_OUT}" "(run_id " "${fault}: the runs are named")
endforeach()

# The latency budget: an impossible one fails the gate, a generous one passes.
expect_exit(1 ${WC} load --quiet --runs 20 --max-p99-ms 0.001 --report-dir ${WORK}/budget)
expect_contains("${LAST_OUT}" "fail load.latency-budget: p99 " "the budget fails")
expect_exit(0 ${WC} load --quiet --runs 20 --max-p99-ms 60000 --report-dir ${WORK}/budget-ok)
