# End to end through the real binary: the four reports, the expected-failures gate (expected,
# stale, unknown ids, target_version) and secrets kept out of every output.
# -DWC=<webhook-conformance> -DWORK=<scratch dir> -DFAULT=<reference fault> -DFILTER=<case glob>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)

# A broken reference: some cases fail; find one failing and one passing id in report.json.
expect_exit(1 ${WC} run --quiet --reference-fault ${FAULT} --filter ${FILTER} --report-dir ${WORK}/faulty)
foreach(name junit.xml report.json report.html summary.md)
  if(NOT EXISTS ${WORK}/faulty/${name})
    message(FATAL_ERROR "run did not write ${name}")
  endif()
endforeach()
file(READ ${WORK}/faulty/report.json json)
string(JSON ncases LENGTH "${json}" cases)
math(EXPR last "${ncases} - 1")
set(failing "")
set(passing "")
foreach(i RANGE ${last})
  string(JSON id GET "${json}" cases ${i} id)
  string(JSON verdict GET "${json}" cases ${i} verdict)
  if(verdict STREQUAL "fail" AND failing STREQUAL "")
    set(failing ${id})
  elseif(verdict STREQUAL "pass" AND passing STREQUAL "")
    set(passing ${id})
  endif()
endforeach()
if(failing STREQUAL "" OR passing STREQUAL "")
  message(FATAL_ERROR "fault ${FAULT} with --filter ${FILTER} needs a failing and a passing case")
endif()
set(failing_ids "")
foreach(i RANGE ${last})
  string(JSON id GET "${json}" cases ${i} id)
  string(JSON verdict GET "${json}" cases ${i} verdict)
  if(verdict STREQUAL "fail" OR verdict STREQUAL "error")
    string(APPEND failing_ids "- {id: ${id}, reason: known bug}\n")
  endif()
endforeach()

# Every failure listed (YAML): the gate passes; report.json shows them as expected failures.
file(WRITE ${WORK}/expected.yaml "# known failures of ${FAULT}\n${failing_ids}")
expect_exit(0 ${WC} run --quiet --reference-fault ${FAULT} --filter ${FILTER}
            --expected-failures ${WORK}/expected.yaml --report-dir ${WORK}/expected)
file(READ ${WORK}/expected/report.json json)
string(JSON ef GET "${json}" summary expected_failure)
if(ef EQUAL 0)
  message(FATAL_ERROR "no expected failure counted in report.json")
endif()

# A listed case that passes: stale, the gate fails, the message names the entry.
file(WRITE ${WORK}/stale.json "[{\"id\": \"${passing}\", \"reason\": \"was broken once\"}]")
expect_exit(1 ${WC} run --quiet --reference-fault ${FAULT} --filter ${passing}
            --expected-failures ${WORK}/stale.json --report-dir ${WORK}/stale)
expect_contains("${LAST_OUT}" "stale expected failure: ${passing}" "stale entry")
expect_contains("${LAST_OUT}" "was broken once" "stale entry reason")

# An entry for another target version is ignored, and the run says so.
file(WRITE ${WORK}/other-version.json
     "[{\"id\": \"${passing}\", \"reason\": \"r\", \"target_version\": \"0.0.0-none\"}]")
expect_exit(0 ${WC} run --quiet --reference-fault ${FAULT} --filter ${passing}
            --expected-failures ${WORK}/other-version.json --report-dir ${WORK}/other-version)
expect_contains("${LAST_ERR}" "expected failure ${passing} ignored: target_version 0.0.0-none" "ignored")

# Unknown ids: exit 2 naming them, before anything starts.
file(WRITE ${WORK}/unknown.json "[{\"id\": \"no.such-case\", \"reason\": \"r\"}]")
expect_exit(2 ${WC} run --expected-failures ${WORK}/unknown.json --report-dir ${WORK}/unknown)
expect_contains("${LAST_ERR}" "unknown case id(s): no.such-case" "unknown id")
expect_exit(2 ${WC} run --expected-failures ${WORK}/missing.yaml)
expect_exit(2 ${WC} run --expected-failures ${WORK})
expect_contains("${LAST_ERR}" "not a readable file" "directory as --expected-failures")

# Canaries: the API key, a --header value and a configured webhook header value never appear.
set(key "CANARYKEY-1b2c")
set(hdr "CANARYHDR-3d4e")
set(hook "CANARYHOOK-5f6a")
file(WRITE ${WORK}/langgraph.json
     "{\"webhooks\": {\"headers\": {\"X-Hook-Secret\": \"${hook}\"}}}")
execute_process(COMMAND ${WC} run --filter ${FILTER} --api-key ${key} --header "X-Canary: ${hdr}"
                --target-config ${WORK}/langgraph.json --report-dir ${WORK}/canary
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
if(rc GREATER 1)
  message(FATAL_ERROR "canary run failed to run (exit ${rc}): ${err}")
endif()
set(outputs "${out}${err}")
foreach(name junit.xml report.json report.html summary.md)
  file(READ ${WORK}/canary/${name} text)
  string(APPEND outputs "${text}")
endforeach()
foreach(canary ${key} ${hdr} ${hook})
  string(FIND "${outputs}" "${canary}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "secret ${canary} leaked into the output or reports")
  endif()
endforeach()
file(READ ${WORK}/canary/report.json json)
string(JSON shown GET "${json}" configuration api_key)
if(NOT shown STREQUAL "[redacted]")
  message(FATAL_ERROR "configuration.api_key should read [redacted], got ${shown}")
endif()
