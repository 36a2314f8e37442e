# The generated man page: the sections --help cannot carry, the exit codes listed once, and every
# line within 80 columns as `man` renders it at that width.
# -DPAGE=<webhook-conformance.1> -DMAN=<man>
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)

file(READ ${PAGE} roff)
foreach(section "COMMANDS" "\"EXIT STATUS\"" "ENVIRONMENT" "FILES" "EXAMPLES" "\"SEE ALSO\"")
  expect_match_count("${roff}" "\n\\.SH ${section}\n" 1 "section ${section}")
endforeach()
# The exit codes once, in EXIT STATUS: not as the footer of --help, nor of every command's.
expect_match_count("${roff}" "Exit codes" 0 "the --help footer in the page")
expect_match_count("${roff}" "\n\\.B 130, 143\n" 1 "the signal exit codes in EXIT STATUS")
foreach(variable LANGGRAPH_API_KEY LANGSMITH_API_KEY LANGCHAIN_API_KEY NO_COLOR GITHUB_ACTIONS
                 GITHUB_STEP_SUMMARY HTTPS_PROXY no_proxy LANGGRAPH_WEBHOOKS
                 LG_WEBHOOK_CONFORMANCE_CANARY)
  expect_contains("${roff}" "${variable}" "ENVIRONMENT")
endforeach()
# Every command's flags, each a tagged paragraph the reader can fill.
foreach(flag "\\-\\-target\\-config" "\\-\\-max\\-shown" "\\-\\-runs" "\\-\\-run ")
  expect_contains("${roff}" ".B ${flag}" "COMMANDS")
endforeach()

expect_exit(0 ${CMAKE_COMMAND} -E env MANWIDTH=80 MAN_KEEP_FORMATTING= ${MAN} -l ${PAGE})
# As a CMake list: ";", brackets and backslashes would split or join lines, so each becomes
# a character of the same width first.
string(REGEX REPLACE "[][;\\]" "_" rendered "${LAST_OUT}")
string(REGEX MATCHALL "[^\n]+" lines "${rendered}")
set(wide "")
foreach(line IN LISTS lines)
  string(LENGTH "${line}" columns)
  if(columns GREATER 80)
    string(APPEND wide "${line}\n")
  endif()
endforeach()
if(NOT wide STREQUAL "")
  message(FATAL_ERROR "man page lines wider than 80 columns:\n${wide}")
endif()
