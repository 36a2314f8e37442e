# ctest cli.console-output: what `run` prints, end to end. Colour on a terminal (auto), never in a
# log unless --color always asks, none with NO_COLOR or --color never, a bad --color is exit 2;
# the last lines name the command that reruns the failures (it works as printed) and
# report.html; a run whose webhooks never arrive stays within GitHub's 10 ::error lines, the
# diagnosis first.
# -DWC=<webhook-conformance> -DWORK=<scratch dir>
include(${CMAKE_CURRENT_LIST_DIR}/../../support/cli_expect_exit.cmake)
file(REMOVE_RECURSE ${WORK})
string(ASCII 27 ESC)
set(one_failure --reference-fault token-changed --filter token.plus)

function(expect_no_escape text what)
  string(FIND "${text}" "${ESC}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "${what}: an escape sequence in:\n${text}")
  endif()
endfunction()

expect_exit(2 ${WC} run --color sometimes --report-dir ${WORK}/bad)
expect_contains("${LAST_ERR}" "--color must be auto, always or never" "a bad --color")

# A log (stdout and stderr are files): no escape sequence, progress lines included.
expect_exit(1 ${WC} run ${one_failure} --report-dir ${WORK}/log)
expect_no_escape("${LAST_OUT}${LAST_ERR}" "auto in a log")
expect_contains("${LAST_OUT}"
  "\nrerun the 1 failed: webhook-conformance run --rerun-failed --report-dir ${WORK}/log\n"
  "the rerun command")
expect_contains("${LAST_OUT}" "\nreport: ${WORK}/log/report.html\n" "where report.html is")
expect_exit(1 ${WC} run --quiet --color always ${one_failure} --report-dir ${WORK}/always)
expect_contains("${LAST_OUT}" "${ESC}[31mfail${ESC}[0m ${ESC}[2mtoken.plus${ESC}[0m: "
                "--color always")
expect_exit(1 ${WC} run --quiet --color never ${one_failure} --report-dir ${WORK}/never)
expect_no_escape("${LAST_OUT}" "--color never")

# The rerun command as printed (after the program name) runs the failed case again.
string(REGEX MATCH "rerun the 1 failed: webhook-conformance ([^\n]*)" _ "${LAST_OUT}")
separate_arguments(rerun_args UNIX_COMMAND "${CMAKE_MATCH_1}")
execute_process(COMMAND ${WC} ${rerun_args} --quiet OUTPUT_VARIABLE out ERROR_VARIABLE err)
expect_match_count("${out}" "(^|\n)1 cases: " 1
                   "the printed rerun command reruns the one failed case")

# A terminal: script(1) (util-linux, in every Debian) gives the run a pseudo-terminal.
find_program(SCRIPT script REQUIRED)
set(tty_run "${WC} run --quiet --reference-fault token-changed --filter token.plus")
string(APPEND tty_run " --report-dir ${WORK}/tty")
expect_exit(1 ${SCRIPT} -qec "${tty_run}" /dev/null)
expect_contains("${LAST_OUT}" "${ESC}[31mfail${ESC}[0m" "auto on a terminal")
expect_exit(1 ${CMAKE_COMMAND} -E env NO_COLOR=1 ${SCRIPT} -qec "${tty_run}" /dev/null)
expect_no_escape("${LAST_OUT}" "NO_COLOR=1 on a terminal")
expect_contains("${LAST_OUT}" "fail token.plus: " "the failure, plain")

# No webhook ever arrives: the diagnosis is the first ::error, at most 10 ::error and 10
# ::warning lines, a ::notice names report.html; every line starting with :: is the tool's own.
expect_exit(1 ${WC} run --quiet --annotations github --reference-fault no-delivery
            --filter delivery,token,payload --timeout-scale 0.2 --report-dir ${WORK}/silent)
string(REGEX MATCHALL "(^|\n)::error " errors "${LAST_OUT}")
string(REGEX MATCHALL "(^|\n)::warning " warnings "${LAST_OUT}")
list(LENGTH errors errors_n)
list(LENGTH warnings warnings_n)
if(errors_n EQUAL 0 OR errors_n GREATER 10 OR warnings_n GREATER 10)
  message(FATAL_ERROR "${errors_n} ::error and ${warnings_n} ::warning lines:\n${LAST_OUT}")
endif()
if(NOT LAST_OUT MATCHES "^::error title=webhook-conformance diagnosis::no webhook reached")
  message(FATAL_ERROR "the diagnosis must be the first ::error:\n${LAST_OUT}")
endif()
expect_match_count("${LAST_OUT}"
  "\n::notice title=webhook-conformance report::[^\n]*${WORK}/silent/report.html\n" 1
  "one notice naming report.html")
string(REGEX MATCHALL "(^|\n)[ \t]*::" commands "${LAST_OUT}")
string(REGEX MATCHALL "(^|\n)::(error|warning|notice) title=" own "${LAST_OUT}")
list(LENGTH commands commands_n)
list(LENGTH own own_n)
if(NOT commands_n EQUAL own_n)
  message(FATAL_ERROR
    "${commands_n} lines start with ::, ${own_n} are the tool's commands:\n${LAST_OUT}")
endif()
message(STATUS "console output: colour where asked, the rerun command works, "
               "${errors_n} ::error lines")
