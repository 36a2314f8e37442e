# ctest cli.configuration-instances: the default run (no --target, no --target-config) judges the
# configuration cases on instances of their own (README "Configuration instances").
#  1. clean: every case runs, none skips, and report.json says which instance ran which case;
#  2. a fault that breaks http.disable_webhooks fails the disable.* cases with no other flag.
include(${CMAKE_CURRENT_LIST_DIR}/cli_expect_exit.cmake)
file(REMOVE_RECURSE ${WORK})

expect_exit(0 ${WC} run --quiet --report-dir ${WORK}/clean)
expect_contains("${LAST_OUT}" " 0 fail, " "the clean default run")
expect_contains("${LAST_OUT}" " 0 skip, " "the clean default run judges every case")
file(READ ${WORK}/clean/report.json report)
foreach(instance default disable-webhooks headers url-policy allowed-fields platform-defaults destructive)
  expect_contains("${report}" "\"name\": \"${instance}\"" "report.json lists the ${instance} instance")
endforeach()
string(JSON first_disable_instance GET "${report}" cases 0 instance)
if(NOT first_disable_instance STREQUAL "default")
  message(FATAL_ERROR "the first case (delivery) should run on the default instance, ran on ${first_disable_instance}")
endif()

# Every disable case of the catalogue (as `list` prints them) fails, and nothing else.
expect_exit(0 ${WC} list)
string(REGEX MATCHALL "(^|\n)disable\\.[a-z-]+" disable_ids "${LAST_OUT}")
list(LENGTH disable_ids disable_n)
if(disable_n LESS 9)
  message(FATAL_ERROR "list shows ${disable_n} disable cases, expected at least 9")
endif()
expect_exit(1 ${WC} run --quiet --reference-fault delivers-when-disabled --report-dir ${WORK}/fault)
foreach(id IN LISTS disable_ids)
  string(STRIP "${id}" id)
  expect_contains("${LAST_OUT}" "fail ${id}:" "the disable-breaking fault fails ${id}")
endforeach()
expect_match_count("${LAST_OUT}" "fail [a-z-]+\\." ${disable_n} "only the ${disable_n} disable cases fail")
message(STATUS "configuration instances: every case judged; the disable fault caught in a plain run")
