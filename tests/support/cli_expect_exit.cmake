# Assertions shared by the CLI test scripts; each fails the test with a message saying what it saw.

# expect_exit(<code> <command...>): runs the command, fails the test unless it exits <code>;
# leaves its stdout/stderr in LAST_OUT/LAST_ERR. A script whose commands must end sooner than
# the default 120 s sets EXPECT_EXIT_TIMEOUT.
function(expect_exit code)
  if(NOT DEFINED EXPECT_EXIT_TIMEOUT)
    set(EXPECT_EXIT_TIMEOUT 120)
  endif()
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT ${EXPECT_EXIT_TIMEOUT})
  if(NOT rc EQUAL code)
    message(FATAL_ERROR "expected exit ${code}, got ${rc}: ${ARGN}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(LAST_OUT "${out}" PARENT_SCOPE)
  set(LAST_ERR "${err}" PARENT_SCOPE)
endfunction()

# expect_contains(<text> <needle> <what>): fails the test unless <text> contains <needle>.
function(expect_contains text needle what)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what}: expected to find '${needle}' in:\n${text}")
  endif()
endfunction()

# expect_match_count(<text> <regex> <count> <what>): fails the test unless <regex> matches
# exactly <count> times in <text>; a <regex> of "\n" counts lines.
function(expect_match_count text regex count what)
  string(REGEX MATCHALL "${regex}" matches "${text}")
  list(LENGTH matches found)
  if(NOT found EQUAL count)
    message(FATAL_ERROR "${what}: expected ${count} match(es) of '${regex}', found ${found} in:\n${text}")
  endif()
endfunction()
