# A target that refuses loopback webhook URLs (langgraph-api >= 0.10 by default) must end the
# run with ONE diagnosis naming the fix, not one failure per case: the embedded reference with
# webhooks.url.disable_loopback: true plays that target.
execute_process(
  COMMAND ${WC} run --target-config ${CONFIG} --filter delivery,token,payload --quiet
          --report-dir ${WORK}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "expected exit 1 (failures), got ${rc}\n${out}\n${err}")
endif()
string(REGEX MATCHALL "refused the loopback webhook URL" mentions "${out}")
list(LENGTH mentions count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected the loopback diagnosis exactly once, found ${count}:\n${out}")
endif()
foreach(fix "disable_loopback: false" "--callback-url" "more cases")
  string(FIND "${out}" "${fix}" at)
  if(at LESS 0)
    message(FATAL_ERROR "the diagnosis does not mention '${fix}':\n${out}")
  endif()
endforeach()
