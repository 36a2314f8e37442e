# ctest cli.config-file-and-completion: flags from a --config file (a command line flag wins, an
# unknown key and an unfit file are exit 2); the bash completion names the commands and flags;
# a --launch-dir without langgraph.json is a usage error (exit 2), not an unreachable target.
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

file(WRITE ${WORK}/wc.toml "[run]\nfilter = [\"token.plus\", \"token.percent-20\"]\nquiet = true\nreport-dir = \"${WORK}/from-file\"\n")
expect_exit(0 ${WC} --config ${WORK}/wc.toml run)
expect_contains("${LAST_OUT}" "2 cases: 2 pass" "the file's filter applies")
if(NOT EXISTS ${WORK}/from-file/report.json)
  message(FATAL_ERROR "the file's report-dir was not used")
endif()
expect_exit(0 ${WC} --config ${WORK}/wc.toml run --filter token.plus)
expect_contains("${LAST_OUT}" "1 cases: 1 pass" "a flag on the command line wins over the file")

file(WRITE ${WORK}/typo.toml "[run]\nfiltr = \"token\"\n")
expect_exit(2 ${WC} --config ${WORK}/typo.toml run)
expect_contains("${LAST_ERR}" "filtr" "an unknown key is named")
expect_exit(2 ${WC} --config /dev/zero run)
expect_contains("${LAST_ERR}" "not a regular file" "a device is not read")
string(REPEAT "# padding line of a config file that is far too large for any set of flags\n" 15000 big)
file(WRITE ${WORK}/big.toml "${big}")
expect_exit(2 ${WC} --config=${WORK}/big.toml run)
expect_contains("${LAST_ERR}" "more than the 1 MiB allowed" "a file over 1 MiB is refused unread")

expect_exit(0 ${WC} completion bash)
set(script "${LAST_OUT}")
foreach(word "run)" "--target" "--relay" "serve-reference)" "complete -o default -F _webhook_conformance")
  expect_contains("${script}" "${word}" "the completion script")
endforeach()
file(WRITE ${WORK}/completion.bash "${script}")
execute_process(COMMAND bash -c "source ${WORK}/completion.bash; COMP_WORDS=(webhook-conformance run --tar); COMP_CWORD=2; _webhook_conformance; echo \"\${COMPREPLY[*]}\""
                OUTPUT_VARIABLE completed RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT completed MATCHES "^--target --target-config")
  message(FATAL_ERROR "completing 'run --tar' gave '${completed}' (exit ${rc})")
endif()
expect_exit(2 ${WC} completion zsh)

file(MAKE_DIRECTORY ${WORK}/empty-project)
expect_exit(2 ${WC} run --launch langgraph-js --launch-dir ${WORK}/empty-project --report-dir ${WORK}/launch)
expect_contains("${LAST_ERR}" "no langgraph.json" "the launch problem is named")
