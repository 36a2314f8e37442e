# `load`'s flags are bounded (exit 2, one line naming the flag), an unreachable target is exit 3
# with the reports saying why, more than 1000 runs on a named target need --yes, and secrets
# never reach an output. Only loopback addresses are contacted.
# -DWC=<webhook-conformance> -DWORK=<scratch dir>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)
set(EXPECT_EXIT_TIMEOUT 60)

set(refusals
  "--runs|0|--runs must be between 1 and 100000"
  "--runs|100001|--runs must be between 1 and 100000"
  "--concurrency|257|--concurrency must be between 1 and 256"
  "--rate|fast|--rate must be runs per second"
  "--endpoint|runs-crons|cron endpoints are not load-tested"
  "--endpoint|no-such-endpoint|valid: threads-runs-create"
  "--shard|3/2|--shard must be i/n"
  "--duration|-1|--duration must be"
  "--capture-port|70000|--capture-port must be 0-65535"
  "--reference-fault|no-such-fault|unknown fault mode")
foreach(refusal IN LISTS refusals)
  string(REPLACE "|" ";" parts "${refusal}")
  list(GET parts 0 flag)
  list(GET parts 1 value)
  list(GET parts 2 message)
  expect_exit(2 ${WC} load --quiet ${flag} ${value} --report-dir ${WORK}/usage)
  expect_contains("${LAST_ERR}" "${message}" "${flag} ${value}")
endforeach()
expect_exit(2 ${WC} load --quiet --endpoint runs-wait --threads 4 --report-dir ${WORK}/usage)
expect_contains("${LAST_ERR}" "--threads applies to thread endpoints" "--threads on a stateless endpoint")

# Real runs on a named target: above 1000 the cost needs --yes (refused before any connection).
expect_exit(2 ${WC} load --quiet --target http://127.0.0.1:1 --runs 1001 --report-dir ${WORK}/usage)
expect_contains("${LAST_OUT}" "load: 1001 runs planned" "the planned count is printed")
expect_contains("${LAST_ERR}" "add --yes to confirm" "the cost needs --yes")

# Nothing listens on port 1: exit 3, and the reports say why no run was sent.
expect_exit(3 ${WC} load --quiet --target http://user:pw-load-secret@127.0.0.1:1 --runs 5
            --report-dir ${WORK}/unreachable)
expect_contains("${LAST_ERR}" "127.0.0.1:1" "the unreachable target is named")
file(READ ${WORK}/unreachable/load-junit.xml junit)
expect_contains("${junit}" "name=\"load.completed\"" "junit says the test did not run")

# Secrets: the API key, a --header value and URL userinfo appear nowhere.
expect_exit(0 ${WC} load --quiet --runs 10 --api-key sk-load-secret-key
            --header "X-Load-Secret: hunter2-load-secret" --report-dir ${WORK}/secrets)
set(outputs "${LAST_OUT}${LAST_ERR}")
foreach(name load.json load.html load-junit.xml)
  file(READ ${WORK}/secrets/${name} text)
  string(APPEND outputs "${text}")
endforeach()
foreach(dir unreachable)
  file(READ ${WORK}/${dir}/load.json text)
  string(APPEND outputs "${text}")
endforeach()
foreach(secret sk-load-secret-key hunter2-load-secret pw-load-secret)
  string(FIND "${outputs}" "${secret}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "secret ${secret} reached an output")
  endif()
endforeach()
