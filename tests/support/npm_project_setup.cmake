# A CTest fixture: installs one npm project's dependencies for the tests that use it, so
# `ctest --preset default` passes on a fresh clone with nothing skipped for want of a setup step.
#   cmake -DPROJECT=<npm project directory> -P npm_project_setup.cmake
# `npm ci` runs once per lock file: a copy of the lock in node_modules records what is installed,
# so a second ctest run costs a file comparison. The npm registry is the only network it uses.
find_program(NPM npm)
if(NOT NPM)
  message(FATAL_ERROR "npm is not installed (apt-get install npm): the tests of ${PROJECT} need it")
endif()
set(lock ${PROJECT}/package-lock.json)
set(stamp ${PROJECT}/node_modules/.installed-lock.json)
if(EXISTS ${stamp})
  file(SHA256 ${lock} wanted)
  file(SHA256 ${stamp} installed)
  if(wanted STREQUAL installed)
    message("${PROJECT}: node_modules matches package-lock.json")
    return()
  endif()
endif()
message("${PROJECT}: npm ci")
execute_process(COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
  WORKING_DIRECTORY ${PROJECT} TIMEOUT 600
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  string(LENGTH "${err}" length)
  if(length GREATER 2000)
    math(EXPR from "${length} - 2000")
    string(SUBSTRING "${err}" ${from} 2000 err)
  endif()
  message(FATAL_ERROR "${PROJECT}: npm ci failed (${rc}); is the npm registry reachable?\n${err}")
endif()
file(COPY_FILE ${lock} ${stamp})
