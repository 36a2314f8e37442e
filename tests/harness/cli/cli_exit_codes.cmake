# The documented exit codes, end to end through the real binary.
# -DWC=<webhook-conformance> -DWORK=<scratch dir>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)

# 0: the clean embedded reference passes and writes junit.xml.
expect_exit(0 ${WC} run --quiet --report-dir ${WORK}/clean)
if(NOT EXISTS ${WORK}/clean/junit.xml)
  message(FATAL_ERROR "run did not write junit.xml")
endif()

# 2: usage and configuration errors, one line each.
expect_exit(2 ${WC} run --no-such-flag)
expect_exit(2 ${WC} run --target not-a-url)
expect_exit(2 ${WC} run --ca-file ${WORK}/missing-ca.pem --target http://127.0.0.1:1)
expect_exit(2 ${WC} cleanup --ca-file ${WORK} --target http://127.0.0.1:1)
expect_exit(2 ${WC} run --target-config ${WORK}/missing.json)
file(WRITE ${WORK}/bad.json "{ not json")
expect_exit(2 ${WC} run --target-config ${WORK}/bad.json)
expect_exit(2 ${WC} run --filter no-such-case-id)
expect_exit(2 ${WC} run --header "no colon here")
expect_exit(2 ${WC})
# A mistyped command: one line with the command meant.
expect_exit(2 ${WC} rn)
expect_contains("${LAST_ERR}" "unknown command 'rn'; did you mean 'run'?" "a mistyped command")
expect_match_count("${LAST_ERR}" "\n" 1 "the error is one line")
expect_exit(2 ${WC} serve)
expect_contains("${LAST_ERR}" "did you mean 'serve-reference'?" "a command cut short")
expect_exit(2 ${WC} help lsit)
expect_contains("${LAST_ERR}" "did you mean 'list'?" "help with a mistyped command")
expect_exit(2 ${WC} xyzzy)
expect_contains("${LAST_ERR}" "unknown command 'xyzzy' (see webhook-conformance --help)" "no close command")

# 3: a closed port, within 15 s, one line naming the target.
string(TIMESTAMP t0 "%s")
expect_exit(3 ${WC} run --target http://127.0.0.1:9 --report-dir ${WORK}/closed)
string(TIMESTAMP t1 "%s")
math(EXPR took "${t1} - ${t0}")
if(took GREATER 15)
  message(FATAL_ERROR "unreachable target took ${took} s to report")
endif()
expect_contains("${LAST_ERR}" "http://127.0.0.1:9" "the error names the target")
expect_match_count("${LAST_ERR}" "\n" 1 "the error is one line")
