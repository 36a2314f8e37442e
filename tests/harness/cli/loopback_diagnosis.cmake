# A target that refuses loopback webhook URLs (langgraph-api >= 0.10 by default) must end the
# run with ONE diagnosis naming the fix, not one failure per case: the embedded reference with
# webhooks.url.disable_loopback: true plays that target.
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)

expect_exit(1 ${WC} run --target-config ${CONFIG} --filter delivery,token,payload --quiet
            --report-dir ${WORK})
expect_match_count("${LAST_OUT}" "refused the loopback webhook URL" 1 "the loopback diagnosis")
foreach(fix "disable_loopback: false" "--callback-url")
  expect_contains("${LAST_OUT}" "${fix}" "the diagnosis names the fix")
endforeach()
expect_contains("${LAST_OUT}" " cases): the target refused the loopback webhook URL"
                "the refused cases are one group")
