# ctest cli.deb-lintian: lintian finds no error, warning or info tag in the .deb CPack makes of
# this build; its pedantic tags are printed for the log.
# -DBUILD=<build dir> -DWORK=<scratch dir> -DCPACK=<cpack>
include(${CMAKE_CURRENT_LIST_DIR}/../support/cli_expect_exit.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/deb_build.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
find_program(LINTIAN lintian)
if(NOT LINTIAN)
  message("SKIP: lintian not found; run scripts/install-test-deps.sh lintian")
  return()
endif()
build_deb(deb)
if(DEB_SKIPPED)
  return()
endif()
set(lintian_timeout 240)  # it unpacks and reads every file: tens of seconds
execute_process(COMMAND ${LINTIAN} --fail-on error,warning,info --display-info --pedantic
                        --tag-display-limit 0 ${deb}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT ${lintian_timeout})
message("lintian ${deb}:\n${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lintian exited ${rc}: an error or warning above (tags E: and W:)")
endif()
