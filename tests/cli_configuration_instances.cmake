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

expect_exit(1 ${WC} run --quiet --reference-fault delivers-when-disabled --report-dir ${WORK}/fault)
foreach(id threads-runs-create threads-runs-stream threads-runs-wait runs-stream runs-wait)
  expect_contains("${LAST_OUT}" "disable.${id}" "the disable-breaking fault fails disable.${id}")
endforeach()
expect_match_count("${LAST_OUT}" "fail [a-z-]+\\." 7 "only the seven disable cases fail")
message(STATUS "configuration instances: every case judged; the disable fault caught in a plain run")
