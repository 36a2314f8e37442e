# The whole suite against one version of the real LangGraph.js dev server, started by the harness
# (--launch langgraph-js@VERSION: fixtures/langgraph-js for npm's latest, else
# fixtures/langgraph-js-versions/VERSION) once per configuration instance (the configuration
# cases and the destructive ones each on a server of their own), gated by that project's
# expected-failures.json (stale entries fail; SHOULD warnings are reported, not gated: a real
# server's SHOULD behaviour can vary between runs), then the VERSION column of the matrix in
# docs/LANGGRAPH-JS.md compared with what this run printed.
# -DWC=<webhook-conformance> -DSRC=<source dir> -DWORK=<scratch dir> -DVERSION=<langgraph-api
# version> -DPROJECT=<its npm project directory>
# -DMODE=unknown-version: a version without a pinned project is one usage error (exit 2) naming the
# known versions; needs no node_modules.
if(MODE STREQUAL "unknown-version")
  execute_process(COMMAND ${WC} run --launch langgraph-js@0.0.0-none --quiet --report-dir ${WORK}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 30)
  string(FIND "${err}" "no pinned project for @langchain/langgraph-api version '0.0.0-none' (known: " at)
  string(REGEX MATCHALL "\n." lines "${err}")
  if(NOT rc EQUAL 2 OR at EQUAL -1 OR lines OR NOT out STREQUAL "")
    message(FATAL_ERROR "expected exit 2 and one line naming the known versions, got exit ${rc}:\n${out}${err}")
  endif()
  return()
endif()
if(NOT EXISTS ${PROJECT}/node_modules/@langchain/langgraph-cli/dist/cli/cli.mjs)
  file(RELATIVE_PATH rel ${SRC} ${PROJECT})
  message("SKIP: ${rel} has no node_modules; run `npm install` there (CI does)")
  return()  # the test's SKIP_REGULAR_EXPRESSION turns this into a skip
endif()
file(REMOVE_RECURSE ${WORK})

function(run_suite name)
  execute_process(COMMAND ${WC} run --launch langgraph-js@${VERSION} --quiet
                    --expected-failures ${PROJECT}/expected-failures.json
                    --report-dir ${WORK}/${name} ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 900)
  message("${VERSION} ${name}: exit ${rc}\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the LangGraph.js ${VERSION} run '${name}' did not pass its gate (exit ${rc})")
  endif()
endfunction()

run_suite(default)

execute_process(COMMAND python3 ${SRC}/fixtures/langgraph-js-versions/conformance-matrix.py
                  --check-doc ${SRC}/docs/LANGGRAPH-JS.md --version ${VERSION}
                  ${WORK}/default/report.json
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "docs/LANGGRAPH-JS.md matrix is stale for ${VERSION}:\n${err}")
endif()
message("${err}")
