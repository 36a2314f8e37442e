# The whole suite against the real LangGraph.js dev server (fixtures/langgraph-js), gated by its
# expected-failures file (stale entries fail; SHOULD warnings are reported, not gated: a real
# server's SHOULD behaviour can vary between runs), then --destructive in a run of its own on a fresh
# server, then the README's verdict table compared with what this run printed.
# -DWC=<webhook-conformance> -DSRC=<source dir> -DWORK=<scratch dir>
set(project ${SRC}/fixtures/langgraph-js)
if(NOT EXISTS ${project}/node_modules/@langchain/langgraph-cli/dist/cli/cli.mjs)
  message("SKIP: fixtures/langgraph-js has no node_modules; run `npm install` there (CI does)")
  return()  # the test's SKIP_REGULAR_EXPRESSION turns this into a skip
endif()
file(REMOVE_RECURSE ${WORK})

function(run_suite name)
  execute_process(COMMAND ${WC} run --launch langgraph-js --quiet
                    --expected-failures ${project}/expected-failures.json
                    --report-dir ${WORK}/${name} ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 900)
  message("${name}: exit ${rc}\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the LangGraph.js run '${name}' did not pass its gate (exit ${rc})")
  endif()
endfunction()

run_suite(default)
run_suite(destructive --destructive --filter resilience)

execute_process(COMMAND python3 ${SRC}/scripts/conformance-table.py --check-readme ${SRC}/README.md
                  ${WORK}/default/report.json ${WORK}/destructive/report.json
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "README table is stale:\n${err}")
endif()
